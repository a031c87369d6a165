namespace Sluice.Cli.Watch;

/// <summary>The state machine's executions at one moment (the --json form of <c>sluice watch</c>).</summary>
internal sealed record WatchSnapshot
{
    public required string StateMachineArn { get; init; }

    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Executions counted (at most --max-executions, newest first).</summary>
    public int Total { get; init; }

    /// <summary>True when there were more executions than were counted.</summary>
    public bool Truncated { get; init; }

    public required SortedDictionary<string, int> ByStatus { get; init; }

    /// <summary>Outcomes of the <see cref="Recent"/> executions (confirmed, rejected, failed, ..., running).</summary>
    public required SortedDictionary<string, int> ByOutcome { get; init; }

    public int StartedLastMinute { get; init; }

    public int CompletedLastMinute { get; init; }

    /// <summary>Executions completed per second over the last minute.</summary>
    public double Throughput { get; init; }

    public required IReadOnlyList<ExecutionSummary> Recent { get; init; }
}
