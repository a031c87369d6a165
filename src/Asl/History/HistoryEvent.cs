using System.Text.Json.Nodes;

namespace Sluice.Asl.History;

/// <summary>One execution history event. DetailsKey is the AWS field name (e.g. "taskScheduledEventDetails").</summary>
internal sealed record HistoryEvent(long Id, long PreviousEventId, DateTimeOffset Timestamp, string Type, string? DetailsKey, JsonObject? Details);
