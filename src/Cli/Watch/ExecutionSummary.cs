namespace Sluice.Cli.Watch;

/// <summary>
/// One execution in a watch snapshot: its order, and how it ended. <see cref="Outcome"/> is
/// confirmed, rejected (a Catch recorded the order's refusal and the execution SUCCEEDED), failed,
/// timed out or aborted, and null while running; <see cref="FailedState"/> is where the error arose,
/// <see cref="CatchingState"/> the state whose Catch took it.
/// </summary>
internal sealed record ExecutionSummary(
    string Name,
    string ExecutionArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    double DurationSeconds)
{
    public string? OrderId { get; init; }

    public string? Outcome { get; init; }

    public string? FailedState { get; init; }

    public string? CatchingState { get; init; }

    public string? Error { get; init; }

    /// <summary>The cause as a person reads it (a Lambda error's message, never a stack trace).</summary>
    public string? Cause { get; init; }
}
