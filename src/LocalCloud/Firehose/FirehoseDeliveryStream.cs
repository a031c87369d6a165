namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// One delivery stream: its configuration, the buffer of records not yet written, the objects cut from
/// it and not yet delivered, and (Kinesis source) where it has read each shard to. Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class FirehoseDeliveryStream(FirehoseStreamDefinition definition, string arn, DateTimeOffset created)
{
    public Lock Gate { get; } = new();

    public FirehoseStreamDefinition Definition { get; set; } = definition;

    public string Name => Definition.Name;

    public string Arn { get; } = arn;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>CREATING until the delivery loop first sees it, then ACTIVE.</summary>
    public string Status { get; set; } = "CREATING";

    /// <summary>Starts at 1; each destination update adds one (it appears in object names).</summary>
    public int Version { get; set; } = 1;

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Records waiting for the buffer to fill or its interval to pass.</summary>
    public List<byte[]> Buffer { get; } = [];

    public long BufferedBytes { get; set; }

    /// <summary>When the first record in the buffer arrived (the clock that decides the interval).</summary>
    public DateTimeOffset? BufferStarted { get; set; }

    /// <summary>The approximate arrival time of the oldest record in the buffer (names the object).</summary>
    public DateTimeOffset? OldestArrival { get; set; }

    /// <summary>Objects cut from the buffer, in order, waiting to be written (or written again).</summary>
    public Queue<FirehosePendingObject> Pending { get; } = new();

    /// <summary>Kinesis source: each shard's read position.</summary>
    public Dictionary<string, FirehoseShardCursor> Cursors { get; } = new(StringComparer.Ordinal);

    /// <summary>Kinesis source: the first counter read in each shard there was when the stream was created (the tip then).</summary>
    public Dictionary<string, long> StartCounters { get; } = new(StringComparer.Ordinal);

    /// <summary>Kinesis source: the last sequence number taken into the buffer from each shard.</summary>
    public Dictionary<string, string> BufferCursors { get; } = new(StringComparer.Ordinal);

    /// <summary>Kinesis source: the last sequence number of each shard whose record is in a cut object (kept; where a restart reads on).</summary>
    public Dictionary<string, string> CutCursors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>DirectPut on a data directory: the number the next buffered record is kept under (the buffer holds the ones just below it).</summary>
    public long NextRecordSeq { get; set; }

    /// <summary>The number the next cut object is kept under.</summary>
    public long NextObjectSeq { get; set; }

    /// <summary>The last delivery error (for in-process callers; clients see it in CloudWatch Logs when logging is on).</summary>
    public string? LastError { get; set; }

    /// <summary>Objects written so far.</summary>
    public long DeliveredObjects { get; set; }
}

/// <summary>An object cut from a stream's buffer: its key and body are fixed when it is cut, so a retry writes the same object.</summary>
internal sealed class FirehosePendingObject(long seq, string key, byte[] body, int records)
{
    /// <summary>Its place in the stream's order of objects (and its row in the data directory's store).</summary>
    public long Seq { get; } = seq;

    public string Key { get; } = key;

    public byte[] Body { get; } = body;

    public int Records { get; } = records;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;
}

/// <summary>Where a Kinesis-sourced stream has read one shard to.</summary>
internal sealed class FirehoseShardCursor
{
    public string? Iterator { get; set; }

    /// <summary>The last record read, to resume after it when the iterator expired.</summary>
    public string? LastSequenceNumber { get; set; }

    /// <summary>Before any record was read: the first counter to read (the shard's tip when the stream was created).</summary>
    public long StartCounter { get; set; }
}
