using Sluice.Shared.Aws;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.History;

/// <summary>
/// What the stream holds under an order id: its CloudEvents (with where each was) and the records
/// that are not CloudEvents; with what the archive added when the stream no longer held the order's start.
/// </summary>
internal sealed record OrderRead(
    IReadOnlyList<Shard> Shards,
    IReadOnlyList<FoundEvent> Events,
    IReadOnlyList<UnreadableRecord> Unreadable)
{
    /// <summary>The archive search that completed this read, if one was made.</summary>
    public ArchiveSearch? Archive { get; init; }

    public bool IsEmpty => Events.Count == 0 && Unreadable.Count == 0;

    /// <summary>Whether the order's start (an order.placed) is among the events: if not, the stream may have dropped it past its retention.</summary>
    public bool HasPlaced => Events.Any(e => e.Event.Type == EventTypes.OrderPlaced);

    /// <summary>The execution names of the order's order.placed events, in stream order, each once.</summary>
    public IReadOnlyList<string> ExecutionNames =>
        [.. Events.Where(e => e.Event.Type == EventTypes.OrderPlaced).Select(e => Sluice.Shared.Domain.ExecutionName.For(e.Event.Source, e.Event.Id)).Distinct(StringComparer.Ordinal)];
}

/// <summary>An event of the order: on the stream (its shard and sequence number), or in the archive (the object's key).</summary>
internal sealed record FoundEvent(CloudEvent Event, string? Shard, string? Sequence, string? ArchiveKey = null);

/// <summary>Where the archive was searched for an order, what was read, and what was found there that the stream no longer held.</summary>
internal sealed record ArchiveSearch(string Bucket, string Prefix, DateTimeOffset From, DateTimeOffset To, int ObjectsRead, int EventsAdded, IReadOnlyList<UnreadableArchived> Unreadable);
