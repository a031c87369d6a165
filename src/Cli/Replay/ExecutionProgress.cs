namespace Sluice.Cli.Replay;

/// <summary>Where a found order's execution stood when the replay looked.</summary>
internal enum ExecutionProgress
{
    NotStarted,
    InProgress,
    Done,
}
