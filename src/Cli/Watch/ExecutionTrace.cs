namespace Sluice.Cli.Watch;

/// <summary>One execution followed state by state (the --json form of <c>sluice watch &lt;execution&gt;</c>).</summary>
internal sealed record ExecutionTrace
{
    public required string ExecutionArn { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public required IReadOnlyList<TraceEvent> Events { get; init; }
}
