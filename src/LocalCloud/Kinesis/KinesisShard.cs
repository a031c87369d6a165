using System.Globalization;
using System.Numerics;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// One shard: a hash-key range and an append-only, retention-trimmed list of records. Writes and
/// reads take the shard's own lock, so shards of one stream proceed in parallel. A split or merge
/// closes it: it takes no more records, and reading it ends at its last one.
/// </summary>
internal sealed class KinesisShard
{
    private readonly object _gate = new();
    private readonly List<KinesisRecord> _records = [];
    private readonly string _sequencePrefix;
    private long _counter;
    private long _windowSecond = long.MinValue;
    private int _windowRecords;
    private long _windowBytes;
    private long? _closedCounter;
    private DateTimeOffset? _closedAt;
    private volatile bool _closed;

    public KinesisShard(int index, BigInteger start, BigInteger end, long streamCreationSeconds)
    {
        Index = index;
        ShardId = "shardId-" + index.ToString("D12", CultureInfo.InvariantCulture);
        StartingHashKey = start;
        EndingHashKey = end;
        // 56 digits like AWS's: a fixed per-shard prefix, then a counter that only grows.
        _sequencePrefix = "49" + streamCreationSeconds.ToString("D10", CultureInfo.InvariantCulture)[^10..] + index.ToString("D6", CultureInfo.InvariantCulture);
        StartingSequenceNumber = SequenceNumber(0);
    }

    /// <summary>The shard this one was split from, or the first of the two merged into it.</summary>
    public string? ParentShardId { get; init; }

    /// <summary>The second shard merged into this one.</summary>
    public string? AdjacentParentShardId { get; init; }

    /// <summary>When the shard was created: the stream's creation, or the split or merge that made it.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a split or merge closed the shard; null while it is open.</summary>
    public DateTimeOffset? ClosedAt
    {
        get
        {
            lock (_gate)
            {
                return _closedAt;
            }
        }
    }

    public bool IsOpen => !_closed;

    /// <summary>The counter of the last record the shard can hold once closed; null while open.</summary>
    public long? ClosedCounter
    {
        get
        {
            lock (_gate)
            {
                return _closedCounter;
            }
        }
    }

    /// <summary>The sequence number the shard ends at once closed (AWS's <c>EndingSequenceNumber</c>); null while open.</summary>
    public string? EndingSequenceNumber => ClosedCounter is { } last ? SequenceNumber(last) : null;

    /// <summary>Closes the shard (a split or merge): an append from now on is refused, to be routed to its children.</summary>
    public void Close(DateTimeOffset now)
    {
        lock (_gate)
        {
            _closedCounter ??= _counter;
            _closedAt ??= now;
            _closed = true;
        }
    }

    /// <summary>Puts back a closed shard's end as a previous run recorded it (start-up, after <see cref="Restore"/>).</summary>
    public void RestoreClosed(long counter, DateTimeOffset closedAt)
    {
        lock (_gate)
        {
            _closedCounter = counter;
            _counter = Math.Max(_counter, counter);
            _closedAt = closedAt;
            _closed = true;
        }
    }

    public int Index { get; }

    /// <summary>The data directory's copy of this shard; null when the host keeps no data directory.</summary>
    public KinesisShardJournal? Journal { get; init; }

    /// <summary>Puts back the records and the last counter a previous run acknowledged (start-up, before any request).</summary>
    public void Restore(IEnumerable<KinesisRecord> records, long counter)
    {
        lock (_gate)
        {
            _records.AddRange(records);
            _counter = Math.Max(counter, _records.Count > 0 ? _records[^1].Counter : 0);
        }
    }

    public string ShardId { get; }

    public BigInteger StartingHashKey { get; }

    public BigInteger EndingHashKey { get; }

    public string StartingSequenceNumber { get; }

    public const int CounterDigits = 38;

    public string SequenceNumber(long counter) => _sequencePrefix + counter.ToString("D" + CounterDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The counter a sequence number of this shard encodes; null if it belongs to no shard of this kind.</summary>
    public long? CounterOf(string sequenceNumber) =>
        sequenceNumber.Length == _sequencePrefix.Length + CounterDigits && sequenceNumber.StartsWith(_sequencePrefix, StringComparison.Ordinal)
        && long.TryParse(sequenceNumber.AsSpan(_sequencePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            ? c
            : null;

    /// <summary>
    /// Appends records in order; with throttling on, stops at the per-second limits (returns how many were
    /// taken). A closed shard takes none and returns -1: the caller routes the records again.
    /// </summary>
    public int Append(IReadOnlyList<KinesisPutEntry> entries, KinesisPutResult?[] results, IReadOnlyList<int> positions, DateTimeOffset now, bool throttle, string streamName, string account)
    {
        var taken = 0;
        lock (_gate)
        {
            if (_closedCounter is not null)
            {
                return -1;
            }
            var second = now.ToUnixTimeSeconds();
            if (second != _windowSecond)
            {
                _windowSecond = second;
                _windowRecords = 0;
                _windowBytes = 0;
            }
            var counter = _counter;
            var appended = new List<KinesisRecord>(positions.Count);
            for (var i = 0; i < positions.Count; i++)
            {
                var entry = entries[positions[i]];
                var size = entry.Data.Length + System.Text.Encoding.UTF8.GetByteCount(entry.PartitionKey);
                if (throttle && (_windowRecords + 1 > 1000 || _windowBytes + size > 1024 * 1024))
                {
                    results[positions[i]] = new KinesisPutResult(null, null, "ProvisionedThroughputExceededException",
                        KinesisErrors.ThroughputMessage(ShardId, streamName, account));
                    continue;
                }
                _windowRecords++;
                _windowBytes += size;
                var sequence = SequenceNumber(++counter);
                appended.Add(new KinesisRecord(counter, sequence, now, entry.Data, entry.PartitionKey));
                results[positions[i]] = new KinesisPutResult(ShardId, sequence, null, null);
                taken++;
            }
            // Durable before acknowledged: if the write fails, nothing was appended and the caller gets the error.
            if (appended.Count > 0)
            {
                Journal?.Append(appended, counter);
            }
            _records.AddRange(appended);
            _counter = counter;
        }
        return taken;
    }

    public long LatestCounterPlusOne
    {
        get
        {
            lock (_gate)
            {
                return _counter + 1;
            }
        }
    }

    /// <summary>Counter of the first record at or after the time, or the tip if none.</summary>
    public long CounterAtTimestamp(DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            foreach (var r in _records)
            {
                if (r.ArrivalTime >= timestamp)
                {
                    return r.Counter;
                }
            }
            return _counter + 1;
        }
    }

    /// <summary>
    /// Records from the position on (at most <paramref name="limit"/> and 10 MiB), the next position, and
    /// whether that reaches the end of a closed shard.
    /// </summary>
    public (List<KinesisRecord> Records, long Next, long MillisBehind, bool Ended) Read(long position, int limit, DateTimeOffset now, TimeSpan retention)
    {
        lock (_gate)
        {
            Trim(now - retention);
            var start = FirstAtOrAfter(position);
            var result = new List<KinesisRecord>();
            long bytes = 0;
            var i = start;
            for (; i < _records.Count && result.Count < limit; i++)
            {
                var r = _records[i];
                bytes += r.Data.Length + r.PartitionKey.Length;
                if (bytes > 10 * 1024 * 1024 && result.Count > 0)
                {
                    break;
                }
                result.Add(r);
            }
            var next = result.Count > 0 ? result[^1].Counter + 1 : Math.Max(position, i < _records.Count ? _records[i].Counter : position);
            var behind = i < _records.Count ? Math.Max(0, (long)(now - _records[i].ArrivalTime).TotalMilliseconds) : 0;
            // A closed shard takes no more records, so having read all it holds is its end.
            return (result, next, behind, _closedCounter is not null && i >= _records.Count);
        }
    }

    /// <summary>The records still held whose partition key is this one, oldest first.</summary>
    public List<KinesisRecord> WithPartitionKey(string partitionKey)
    {
        lock (_gate)
        {
            return _records.FindAll(r => r.PartitionKey == partitionKey);
        }
    }

    private int FirstAtOrAfter(long counter)
    {
        int lo = 0, hi = _records.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_records[mid].Counter < counter)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private void Trim(DateTimeOffset cutoff)
    {
        var drop = 0;
        while (drop < _records.Count && _records[drop].ArrivalTime < cutoff)
        {
            drop++;
        }
        if (drop > 0)
        {
            Journal?.Trim(_records[drop - 1].Counter + 1);
            _records.RemoveRange(0, drop);
        }
    }

    public void TrimExpired(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            Trim(cutoff);
        }
    }
}
