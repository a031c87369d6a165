using System.Threading.Channels;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda.EventSources;

internal sealed partial class KinesisEventSource
{
    /// <summary>
    /// Reads one shard from the starting position on and hands each GetRecords answer to the lanes, one
    /// chunk per lane, so a lane with no batching window still sees what one read returned as one batch.
    /// </summary>
    private sealed class ShardReader
    {
        private readonly KinesisEventSource _source;
        private readonly KinesisShard _shard;
        private readonly Channel<List<KinesisRecord>>[] _lanes;
        private readonly ShardProgress _progress;
        private string? _iterator;
        private string? _lastSequence;

        public ShardReader(KinesisEventSource source, KinesisShard shard, Channel<List<KinesisRecord>>[] lanes, ShardProgress progress)
        {
            _source = source;
            _shard = shard;
            _lanes = lanes;
            _progress = progress;
            // After the checkpoint, when the mapping resumes one.
            _lastSequence = progress.Checkpoint;
            // Taken now, so LATEST means "after the mapping was started", not "after the reader got going".
            _iterator = NewIterator();
        }

        private string NewIterator()
        {
            var d = _source.Definition;
            return _lastSequence is { } last
                ? _source._kinesis.GetShardIterator(_source._stream, _shard.ShardId, "AFTER_SEQUENCE_NUMBER", last, null)
                : _progress.FromStart
                    ? _source._kinesis.GetShardIterator(_source._stream, _shard.ShardId, "TRIM_HORIZON", null, null)
                    : _source._kinesis.GetShardIterator(_source._stream, _shard.ShardId, d.StartingPosition!, null, d.StartingPositionTimestamp);
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                _iterator ??= NewIterator();
                IReadOnlyList<KinesisRecord> records;
                var latest = _progress.Latest;
                string? next;
                try
                {
                    (records, next, _) = _source._kinesis.GetRecords(_iterator, 10000);
                }
                catch (AwsServiceException e) when (e.Code == "ExpiredIteratorException")
                {
                    _iterator = null;
                    continue;
                }
                if (next is null)
                {
                    // The end of a closed shard: hand on its last records, then stop; its children start
                    // once every record of this shard is finished.
                    if (records.Count > 0)
                    {
                        _lastSequence = records[^1].SequenceNumber;
                        _progress.Read(records[^1].Counter + 1, records);
                        await HandOnAsync(records, cancellationToken).ConfigureAwait(false);
                    }
                    _progress.Ended();
                    foreach (var lane in _lanes)
                    {
                        lane.Writer.TryComplete();
                    }
                    return;
                }
                _iterator = next;
                if (records.Count == 0)
                {
                    _progress.Read(latest, []);
                    await Task.Delay(_source.Service.Options.PollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                _lastSequence = records[^1].SequenceNumber;
                // Counted before the lanes can see them, so the shard never looks finished in between.
                _progress.Read(records[^1].Counter + 1, records);
                await HandOnAsync(records, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task HandOnAsync(IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
        {
            var chunks = new List<KinesisRecord>?[_lanes.Length];
            foreach (var record in records)
            {
                (chunks[LaneOf(record.PartitionKey, _lanes.Length)] ??= []).Add(record);
            }
            for (var i = 0; i < chunks.Length; i++)
            {
                if (chunks[i] is { } chunk)
                {
                    await _lanes[i].Writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
