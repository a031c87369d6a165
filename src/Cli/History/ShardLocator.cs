using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Cli.History;

/// <summary>
/// Which shards can hold a partition key: Kinesis maps a key to the 128-bit integer of its MD5 and
/// a record to the shard whose hash key range contains it. After a reshard both the closed parent
/// and its open child may cover the key, so every covering shard is read, parents first.
/// </summary>
internal static class ShardLocator
{
    public static BigInteger HashKey(string partitionKey) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), isUnsigned: true, isBigEndian: true);

    public static async Task<IReadOnlyList<Shard>> ShardsForAsync(KinesisClient kinesis, string stream, string partitionKey, CancellationToken cancellationToken)
    {
        var all = await kinesis.ListAllShardsAsync(stream, cancellationToken).ConfigureAwait(false);
        var key = HashKey(partitionKey);
        var covering = all.Where(s => Parse(s.HashKeyRange.StartingHashKey) <= key && key <= Parse(s.HashKeyRange.EndingHashKey)).ToList();
        return Ordered(covering);
    }

    /// <summary>Ancestors before descendants, so the events come out in the order they were written.</summary>
    internal static IReadOnlyList<Shard> Ordered(IReadOnlyList<Shard> shards)
    {
        var ids = shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Shard>(shards.Count);
        while (ordered.Count < shards.Count)
        {
            var ready = shards.Where(s => !done.Contains(s.ShardId)
                && (s.ParentShardId is null || !ids.Contains(s.ParentShardId) || done.Contains(s.ParentShardId))
                && (s.AdjacentParentShardId is null || !ids.Contains(s.AdjacentParentShardId) || done.Contains(s.AdjacentParentShardId))).ToList();
            if (ready.Count == 0)
            {
                ready = [.. shards.Where(s => !done.Contains(s.ShardId))];
            }

            foreach (var shard in ready)
            {
                done.Add(shard.ShardId);
                ordered.Add(shard);
            }
        }

        return ordered;
    }

    private static BigInteger Parse(string decimalKey) => BigInteger.Parse(decimalKey, NumberStyles.None, CultureInfo.InvariantCulture);
}
