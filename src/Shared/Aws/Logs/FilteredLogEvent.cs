namespace Sluice.Shared.Aws.Logs;

/// <summary>One event FilterLogEvents returned: its stream, time (ms since the epoch), text and id.</summary>
public sealed class FilteredLogEvent
{
    public string LogStreamName { get; init; } = "";

    public long Timestamp { get; init; }

    public string Message { get; init; } = "";

    public long IngestionTime { get; init; }

    public string EventId { get; init; } = "";
}
