namespace Sluice.Cli.History;

/// <summary>An order's state and the events it was folded from (the --json form of <c>sluice history</c>).</summary>
internal sealed record HistoryReport
{
    public required string OrderId { get; init; }

    public required string Stream { get; init; }

    /// <summary>unknown, placed, confirmed or rejected.</summary>
    public required string Status { get; init; }

    public string? CustomerId { get; init; }

    public string? Currency { get; init; }

    public decimal? Total { get; init; }

    public int? LineCount { get; init; }

    public string? AuthorizationId { get; init; }

    public RejectionReason? Reason { get; init; }

    public DateTimeOffset? PlacedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Events dropped because an event with the same id came earlier.</summary>
    public int Duplicates { get; init; }

    /// <summary>Outcomes after the first one (a pipeline bug if ever non-zero).</summary>
    public int Conflicts { get; init; }

    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>The executions the order's order.placed events started (their names), for `sluice watch`.</summary>
    public IReadOnlyList<string> Executions { get; init; } = [];

    public required IReadOnlyList<HistoryEntry> Events { get; init; }

    /// <summary>Records under the order's partition key that are not valid CloudEvents (malformed input).</summary>
    public required IReadOnlyList<UnreadableRecord> Unreadable { get; init; }

    /// <summary>The event archive's search, when the stream held no order.placed for the order and an archive is known.</summary>
    public ArchiveSearch? Archive { get; init; }

    /// <summary>Outcome events the workflow did not write (no or a wrong signature, another source): left out of the status.</summary>
    public IReadOnlyList<UntrustedEntry> Untrusted { get; init; } = [];
}

/// <summary>An outcome left out, and where it was: a shard and sequence number, or an archive object (<c>Archive</c>, its key).</summary>
internal sealed record UntrustedEntry(string Id, string Type, string Source, DateTimeOffset? Time, string? ShardId, string? SequenceNumber, string Reason, string? Archive = null);

internal sealed record RejectionReason(string? Error, string? Cause);

/// <summary>An event of the order, and where it was: a shard and sequence number, or an archive object (<c>Archive</c>, its key).</summary>
internal sealed record HistoryEntry(string Id, string Type, string Source, DateTimeOffset? Time, string? ShardId, string? SequenceNumber, System.Text.Json.JsonElement Data, string? Archive = null);

internal sealed record UnreadableRecord(string ShardId, string SequenceNumber, string Problem);
