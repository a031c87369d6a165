namespace Sluice.Asl.History;

/// <summary>
/// An event did not fit in the execution's history (<see cref="HistoryLog.MaxEvents"/>). Not a States
/// error, so no Retry or Catch of the definition can absorb it: the execution fails.
/// </summary>
internal sealed class HistoryLimitException() : Exception(HistoryLog.LimitCause);
