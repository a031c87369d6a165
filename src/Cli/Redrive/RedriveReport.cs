namespace Sluice.Cli.Redrive;

/// <summary>What <c>sluice redrive</c> looked at and did (and its --json form).</summary>
internal sealed record RedriveReport
{
    public required string StateMachine { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Executions that stopped at or after this time were looked for; null when ids were given.</summary>
    public DateTimeOffset? Since { get; init; }

    public required IReadOnlyList<RedriveResult> Executions { get; init; }

    /// <summary>Executions reopened (or, on a dry run, that would be).</summary>
    public int Redriven => Executions.Count(e => e.Ok);

    public int NotRedriven => Executions.Count(e => !e.Ok);
}
