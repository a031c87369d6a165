using System.Threading.Channels;
using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.Lambda.EventSources;

internal sealed partial class KinesisEventSource
{
    /// <summary>
    /// One of a shard's concurrent batches: gathers up to BatchSize records (waiting at most the batching
    /// window, and within the 6 MB invocation payload), then processes them before taking the next.
    /// </summary>
    private sealed class LaneWorker(KinesisEventSource source, string shardId, ChannelReader<List<KinesisRecord>> lane, ShardProgress progress)
    {
        private readonly Queue<KinesisRecord> _buffer = new();

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_buffer.Count == 0)
                {
                    if (!await lane.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // The shard was closed, read to its end, and every record handed on is finished.
                        return;
                    }
                    if (!lane.TryRead(out var chunk))
                    {
                        continue;
                    }
                    foreach (var record in chunk)
                    {
                        _buffer.Enqueue(record);
                    }
                }
                var batch = await GatherAsync(cancellationToken).ConfigureAwait(false);
                await source.ProcessAsync(shardId, batch, cancellationToken).ConfigureAwait(false);
                progress.Finished(batch);
            }
        }

        private async Task<List<KinesisRecord>> GatherAsync(CancellationToken cancellationToken)
        {
            var batch = new List<KinesisRecord>();
            long bytes = 1024;
            var clock = source.Service.Options.Clock;
            var deadline = clock.GetUtcNow().AddSeconds(source.WindowSeconds);
            while (batch.Count < source.BatchSize)
            {
                if (_buffer.TryPeek(out var next))
                {
                    // The event carries the data base64-encoded, with about 500 bytes of fields around it.
                    var size = (next.Data.Length + 2) / 3 * 4 + 500 + next.PartitionKey.Length;
                    if (batch.Count > 0 && bytes + size > MaxPayloadBytes)
                    {
                        break;
                    }
                    bytes += size;
                    batch.Add(_buffer.Dequeue());
                    continue;
                }
                if (lane.TryRead(out var chunk))
                {
                    foreach (var record in chunk)
                    {
                        _buffer.Enqueue(record);
                    }
                    continue;
                }
                var remaining = deadline - clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                // The window closes on the emulator's clock, so a test clock decides when a batch goes.
                using var window = new CancellationTokenSource(remaining, clock);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window.Token);
                try
                {
                    await lane.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
            return batch;
        }
    }
}
