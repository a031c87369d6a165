namespace Sluice.Cli.Watch;

/// <summary>One recent execution in a watch snapshot; failures carry the failing state and error.</summary>
internal sealed record ExecutionSummary(
    string Name,
    string ExecutionArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    double DurationSeconds,
    string? FailedState,
    string? Error,
    string? Cause);
