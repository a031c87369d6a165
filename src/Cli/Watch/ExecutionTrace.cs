using Sluice.Shared.Executions;

namespace Sluice.Cli.Watch;

/// <summary>One execution followed state by state (the --json form of <c>sluice watch &lt;execution&gt;</c>).</summary>
internal sealed record ExecutionTrace
{
    public required string ExecutionArn { get; init; }

    public required string Name { get; init; }

    public string? OrderId { get; init; }

    public required string Status { get; init; }

    /// <summary>confirmed, rejected, failed, timed out or aborted; null while running.</summary>
    public string? Outcome { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; init; }

    public double DurationSeconds { get; init; }

    public string? Error { get; init; }

    /// <summary>The cause as a person reads it.</summary>
    public string? Cause { get; init; }

    public string? FailedState { get; init; }

    public string? CatchingState { get; init; }

    /// <summary>The main flow, Parallel branches and Map iterations, in the order they opened.</summary>
    public required IReadOnlyList<Lane> Lanes { get; init; }

    public required IReadOnlyList<TraceStep> Steps { get; init; }

    public required IReadOnlyList<TraceEvent> Events { get; init; }
}
