using System.Text.Json.Nodes;

namespace Sluice.Asl.History;

/// <summary>
/// One execution history event. DetailsKey is the AWS field name (e.g. "taskScheduledEventDetails");
/// the details are kept as JSON text: a long history is one string per event, not a tree of nodes.
/// </summary>
internal sealed record HistoryEvent(long Id, long PreviousEventId, DateTimeOffset Timestamp, string Type, string? DetailsKey, string? DetailsJson)
{
    public JsonObject? Details() => DetailsJson is null ? null : JsonNode.Parse(DetailsJson) as JsonObject;
}
