namespace Sluice.Cli.Replay;

/// <summary>Where a found order's execution stood when the replay looked.</summary>
internal enum ExecutionProgress
{
    NotStarted,
    InProgress,
    Done,

    /// <summary>FAILED, TIMED_OUT or ABORTED: a replay cannot restart it (the name is used); a redrive can.</summary>
    Failed,
}
