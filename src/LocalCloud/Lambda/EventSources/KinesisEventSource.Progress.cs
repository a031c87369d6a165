using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.Lambda.EventSources;

internal sealed partial class KinesisEventSource
{
    /// <summary>
    /// Completes once the mapping has read every shard up to the records it held when this was called,
    /// and finished with each of them (delivered, or given up after retries), so a caller can tell that
    /// nothing more will be invoked for what it put, without waiting for an arbitrary time.
    /// </summary>
    public Task CaughtUpAsync() => Task.WhenAll(_stream.Shards.Select(s => ProgressOf(s).WhenAsync(finished: true)));

    /// <summary>Completes once every shard has been read up to the records it held when this was called (they may still be in a batch).</summary>
    public Task ReadUpToNowAsync() => Task.WhenAll(_stream.Shards.Select(s => ProgressOf(s).WhenAsync(finished: false)));

    /// <summary>The sequence number up to which the mapping has finished every record of <paramref name="shardId"/>, or null before the first.</summary>
    public string? Checkpoint(string shardId) => _stream.Shard(shardId) is { } shard ? ProgressOf(shard).Checkpoint : null;

    /// <summary>The progress of a shard, made when the mapping first meets it (a shard a split or merge added later).</summary>
    private ShardProgress ProgressOf(KinesisShard shard) => _progress.GetOrAdd(shard.ShardId, _ => new ShardProgress(shard) { Moved = _moved });

    /// <summary>Before it starts: each shard named is read after its checkpoint instead of from the starting position (shards the stream no longer has are ignored).</summary>
    public KinesisEventSource ResumeAfter(IReadOnlyDictionary<string, string>? checkpoints)
    {
        foreach (var (shardId, sequenceNumber) in checkpoints ?? new Dictionary<string, string>())
        {
            if (_progress.TryGetValue(shardId, out var progress))
            {
                progress.Resume(sequenceNumber);
            }
        }
        return this;
    }

    /// <summary>
    /// Before it starts: <paramref name="moved"/> is told (shard, sequence number) each time a finished
    /// batch moves a shard's checkpoint, under the shard's lock, so the calls for one shard come in order.
    /// </summary>
    public KinesisEventSource Checkpointed(Action<string, string> moved)
    {
        _moved = moved;
        foreach (var progress in _progress.Values)
        {
            progress.Moved = moved;
        }
        return this;
    }

    /// <summary>How far the reader of one shard has read, and how many of the records it handed on are not finished.</summary>
    private sealed class ShardProgress(KinesisShard shard)
    {
        private readonly Lock _gate = new();
        private readonly List<(long Target, bool Finished, TaskCompletionSource Done)> _waiters = [];
        private readonly ShardCheckpoint _checkpoint = new();
        private long _readTo;
        private long _pending;
        private bool _ended;

        /// <summary>Read from the shard's start whatever the mapping's starting position: a child of a shard the mapping read.</summary>
        public bool FromStart { get; set; }

        /// <summary>The shard is closed and read to its end (or was closed before the mapping started at LATEST), and every record is finished.</summary>
        public bool IsDone
        {
            get
            {
                lock (_gate)
                {
                    return _ended && _pending == 0;
                }
            }
        }

        /// <summary>The reader reached the end of the closed shard: nothing more will be read from it.</summary>
        public void Ended()
        {
            lock (_gate)
            {
                _ended = true;
                _readTo = long.MaxValue;
                Release();
            }
        }

        /// <summary>Told each time the checkpoint moves.</summary>
        public Action<string, string>? Moved { get; set; }

        /// <summary>The counter the shard's next record will have; read before GetRecords so an empty answer proves the reader is past it.</summary>
        public long Latest => shard.LatestCounterPlusOne;

        public string? Checkpoint
        {
            get
            {
                lock (_gate)
                {
                    return _checkpoint.SequenceNumber;
                }
            }
        }

        public void Resume(string sequenceNumber)
        {
            lock (_gate)
            {
                _checkpoint.Resume(sequenceNumber);
            }
        }

        /// <summary>The reader read up to (not including) <paramref name="readTo"/> and handed on <paramref name="handed"/>.</summary>
        public void Read(long readTo, IReadOnlyList<KinesisRecord> handed)
        {
            lock (_gate)
            {
                _readTo = Math.Max(_readTo, readTo);
                _pending += handed.Count;
                _checkpoint.Handed(handed);
                Release();
            }
        }

        /// <summary>A lane finished with <paramref name="batch"/>.</summary>
        public void Finished(IReadOnlyList<KinesisRecord> batch)
        {
            lock (_gate)
            {
                _pending -= batch.Count;
                if (_checkpoint.Finished(batch) && Moved is { } moved)
                {
                    moved(shard.ShardId, _checkpoint.SequenceNumber!);
                }
                Release();
            }
        }

        public Task WhenAsync(bool finished)
        {
            lock (_gate)
            {
                var waiter = (shard.LatestCounterPlusOne, finished, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _waiters.Add(waiter);
                Release();
                return waiter.Item3.Task;
            }
        }

        private void Release()
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (target, finished, done) = _waiters[i];
                if (_readTo >= target && (!finished || _pending == 0))
                {
                    done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
