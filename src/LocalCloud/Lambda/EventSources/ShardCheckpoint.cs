using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>
/// A Kinesis mapping's checkpoint in one shard: the sequence number of the last record before which
/// every record the reader handed on is finished (delivered, or given up after retries). Lanes finish
/// out of order (one per partition key group), so a record finished past one still in a batch does not
/// move it; when that batch finishes, the checkpoint jumps over both. Not thread-safe: the caller locks.
/// </summary>
internal sealed class ShardCheckpoint
{
    private readonly SortedDictionary<long, (string SequenceNumber, bool Finished)> _open = [];

    /// <summary>The checkpoint's sequence number; null until the first record is finished (the mapping's starting position stands).</summary>
    public string? SequenceNumber { get; private set; }

    /// <summary>Starts from a checkpoint kept earlier (before any record is handed on).</summary>
    public void Resume(string sequenceNumber) => SequenceNumber = sequenceNumber;

    /// <summary>The reader handed these records on, in shard order.</summary>
    public void Handed(IEnumerable<KinesisRecord> records)
    {
        foreach (var record in records)
        {
            _open[record.Counter] = (record.SequenceNumber, false);
        }
    }

    /// <summary>A lane finished these records; true when the checkpoint moved.</summary>
    public bool Finished(IEnumerable<KinesisRecord> records)
    {
        foreach (var record in records)
        {
            if (_open.TryGetValue(record.Counter, out var open))
            {
                _open[record.Counter] = open with { Finished = true };
            }
        }
        var moved = false;
        while (_open.Count > 0 && _open.First() is { Value.Finished: true } first)
        {
            SequenceNumber = first.Value.SequenceNumber;
            _open.Remove(first.Key);
            moved = true;
        }
        return moved;
    }
}
