using Sluice.Shared.Aws;

namespace Sluice.Cli.History;

/// <summary>Reads a shard from its oldest record (TRIM_HORIZON, or from a time: AT_TIMESTAMP) until a read comes back empty at the tip or the shard ends.</summary>
internal static class ShardReader
{
    /// <summary>Empty pages tolerated while the service still says it is behind (AWS can return those).</summary>
    private const int MaxEmptyPagesBehind = 20;

    /// <param name="from">Start at the first record that arrived at or after this time instead of the oldest.</param>
    /// <param name="pause">Wait between reads: AWS allows 5 GetRecords per second per shard (the local cloud has no such limit).</param>
    public static async Task ReadAsync(
        KinesisClient kinesis, string stream, string shardId, Action<KinesisStreamRecord> onRecord, CancellationToken cancellationToken,
        TimeSpan pause = default, Func<TimeSpan, CancellationToken, Task>? delay = null, DateTimeOffset? from = null)
    {
        var first = true;
        var iterator = await kinesis.GetShardIteratorAsync(
            stream, shardId, from is null ? "TRIM_HORIZON" : "AT_TIMESTAMP", timestamp: from, cancellationToken: cancellationToken).ConfigureAwait(false);
        var emptyBehind = 0;
        while (!string.IsNullOrEmpty(iterator))
        {
            if (!first && pause > TimeSpan.Zero)
            {
                await (delay ?? Task.Delay)(pause, cancellationToken).ConfigureAwait(false);
            }

            first = false;
            var page = await kinesis.GetRecordsAsync(iterator, 10_000, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Records)
            {
                onRecord(record);
            }

            iterator = page.NextShardIterator;
            if (page.Records.Count > 0)
            {
                emptyBehind = 0;
                continue;
            }

            if (page.MillisBehindLatest is null or 0 || ++emptyBehind > MaxEmptyPagesBehind)
            {
                return;
            }
        }
    }
}
