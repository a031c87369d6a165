using Sluice.Shared.Aws;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.History;

/// <summary>What the stream holds under an order id: its CloudEvents (with where each was) and the records that are not CloudEvents.</summary>
internal sealed record OrderRead(
    IReadOnlyList<Shard> Shards,
    IReadOnlyList<(CloudEvent Event, string Shard, string Sequence)> Events,
    IReadOnlyList<UnreadableRecord> Unreadable)
{
    public bool IsEmpty => Events.Count == 0 && Unreadable.Count == 0;

    /// <summary>The execution names of the order's order.placed events, in stream order, each once.</summary>
    public IReadOnlyList<string> ExecutionNames =>
        [.. Events.Where(e => e.Event.Type == EventTypes.OrderPlaced).Select(e => Sluice.Shared.Domain.ExecutionName.For(e.Event.Source, e.Event.Id)).Distinct(StringComparer.Ordinal)];
}
