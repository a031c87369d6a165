using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// The data directory: delivery streams, what a DirectPut stream buffers and the objects not yet
/// written are kept, and loaded when the service starts. A Kinesis source's buffer is not kept (its
/// records are kept by Kinesis): the stream reads on after the last record of an object it cut.
/// </summary>
internal sealed partial class FirehoseService
{
    /// <summary>Writes to the store in one commit; nothing when the service keeps its state in memory.</summary>
    private void Persist(Action<DurableStore.Batch> write) => _store?.WriteBatch(write);

    /// <summary>The stream as the store keeps it, with <paramref name="cutCursors"/> as the positions its cut objects reach. Call under the stream's gate.</summary>
    private static StoredDeliveryStream Stored(FirehoseDeliveryStream stream, Dictionary<string, string> cutCursors) => new(
        stream.Definition, stream.Arn, stream.Created, stream.LastUpdated, stream.Version, new Dictionary<string, string>(stream.Tags, StringComparer.Ordinal),
        new Dictionary<string, long>(stream.StartCounters, StringComparer.Ordinal), new Dictionary<string, string>(cutCursors, StringComparer.Ordinal));

    /// <returns>Whether any stream was kept (the delivery loop then starts).</returns>
    private bool Load(DurableStore store)
    {
        var kept = store.LoadFirehose(_options.Region);
        foreach (var (record, records, objects) in kept)
        {
            var stream = new FirehoseDeliveryStream(record.Definition, record.Arn, record.Created)
            {
                LastUpdated = record.LastUpdated,
                Version = record.Version,
                Status = "ACTIVE",
                CutCursors = record.CutCursors,
            };
            foreach (var (key, value) in record.Tags)
            {
                stream.Tags[key] = value;
            }
            foreach (var (shard, counter) in record.StartCounters)
            {
                stream.StartCounters[shard] = counter;
                stream.Cursors[shard] = new FirehoseShardCursor { StartCounter = counter };
            }
            foreach (var (shard, sequence) in record.CutCursors)
            {
                stream.BufferCursors[shard] = sequence;
                (stream.Cursors.TryGetValue(shard, out var cursor) ? cursor : stream.Cursors[shard] = new FirehoseShardCursor()).LastSequenceNumber = sequence;
            }
            foreach (var (seq, arrival, data) in records)
            {
                if (stream.Buffer.Count == 0)
                {
                    stream.BufferStarted = arrival;
                    stream.OldestArrival = arrival;
                }
                stream.Buffer.Add(data);
                stream.BufferedBytes += data.Length;
                stream.NextRecordSeq = seq + 1;
            }
            foreach (var pending in objects)
            {
                stream.Pending.Enqueue(pending);
                stream.NextObjectSeq = pending.Seq + 1;
            }
            _streams[stream.Name] = stream;
        }
        return kept.Count > 0;
    }
}
