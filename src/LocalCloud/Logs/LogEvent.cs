namespace Sluice.LocalCloud.Logs;

/// <summary>One stored log event: its time as the writer gave it, when it was taken in, and its place in its group.</summary>
internal sealed record LogEvent(long Timestamp, long IngestionTime, string Message, string StreamName, long Sequence);
