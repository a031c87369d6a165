using System.Globalization;
using System.Numerics;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// SplitShard, MergeShards and UpdateShardCount. Each closes shards and adds their children, as AWS does:
/// a closed shard keeps its records (readable until retention passes) and ends at its last one; its
/// children take the records of its hash keys from then on. The stream stays ACTIVE throughout.
/// </summary>
internal sealed partial class KinesisService
{
    /// <summary>Splits an open shard at <paramref name="newStartingHashKey"/> into two children.</summary>
    public void SplitShard(KinesisStream stream, string shardId, string newStartingHashKey)
    {
        var at = BigInteger.Parse(newStartingHashKey, CultureInfo.InvariantCulture);
        lock (_createGate)
        {
            lock (stream.TopologyGate)
            {
                var shard = OpenShard(stream, shardId);
                if (at <= shard.StartingHashKey + 1 || at >= shard.EndingHashKey)
                {
                    throw KinesisErrors.InvalidArgument($"NewStartingHashKey {newStartingHashKey} used in SplitShard() on shard {shard.ShardId} in stream {stream.Name} under account {Account} is not both greater than one plus the shard's StartingHashKey {shard.StartingHashKey} and less than the shard's EndingHashKey {shard.EndingHashKey}.");
                }
                CheckAccountLimit(1);
                Reshape(stream, [new Step([shard], at)]);
            }
        }
    }

    /// <summary>Merges two open shards whose hash-key ranges touch into one child.</summary>
    public void MergeShards(KinesisStream stream, string shardId, string adjacentShardId)
    {
        lock (stream.TopologyGate)
        {
            var shard = OpenShard(stream, shardId);
            var adjacent = OpenShard(stream, adjacentShardId);
            if (shard.EndingHashKey + 1 != adjacent.StartingHashKey && adjacent.EndingHashKey + 1 != shard.StartingHashKey)
            {
                throw KinesisErrors.InvalidArgument($"Shards {shard.ShardId} and {adjacent.ShardId} in stream {stream.Name} under account {Account} are not an adjacent pair of shards eligible for merging");
            }
            Reshape(stream, [new Step([shard, adjacent], null)]);
        }
    }

    /// <summary>
    /// Scales a provisioned stream to <paramref name="target"/> open shards of even hash-key ranges (the
    /// ranges CreateStream gives that many shards): splits at each new boundary inside an open shard, then
    /// merges what lies within one new range, as AWS's uniform scaling does. Returns the open count before.
    /// </summary>
    public int UpdateShardCount(KinesisStream stream, int target, string scalingType)
    {
        if (scalingType != "UNIFORM_SCALING")
        {
            throw KinesisErrors.Validation("scalingType", "Member must satisfy enum value set: [UNIFORM_SCALING]", scalingType);
        }
        lock (_createGate)
        {
            lock (stream.TopologyGate)
            {
                if (stream.Mode == "ON_DEMAND")
                {
                    throw KinesisErrors.InvalidArgument($"UpdateShardCount is not supported for stream {stream.Name} under account {Account} in ON_DEMAND capacity mode. Use UpdateStreamMode to switch it to PROVISIONED first.");
                }
                var open = stream.OpenShards.OrderBy(s => s.StartingHashKey).ToList();
                if (target > open.Count * 2)
                {
                    throw KinesisErrors.LimitExceeded($"UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: {open.Count}, Target shard count: {target}");
                }
                if (target * 2 < open.Count)
                {
                    throw KinesisErrors.LimitExceeded($"UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: {open.Count}, Target shard count: {target}");
                }
                CheckAccountLimit(target - open.Count);
                var ranges = KinesisStream.EvenRanges(target);
                if (open.Count == target && open.Select(s => (s.StartingHashKey, s.EndingHashKey)).SequenceEqual(ranges))
                {
                    return open.Count;
                }
                // Splits first: every boundary of the new ranges that falls inside an open shard.
                var splits = new List<Step>();
                foreach (var shard in open)
                {
                    foreach (var (start, _) in ranges)
                    {
                        if (start > shard.StartingHashKey && start <= shard.EndingHashKey)
                        {
                            splits.Add(new Step([shard], start));
                        }
                    }
                }
                Reshape(stream, splits);
                // Then merges: the open shards within one new range become one, left to right.
                var merges = new List<Step>();
                foreach (var (start, end) in ranges)
                {
                    var within = stream.OpenShards.Where(s => s.StartingHashKey >= start && s.EndingHashKey <= end).OrderBy(s => s.StartingHashKey).ToList();
                    if (within.Count > 1)
                    {
                        merges.Add(new Step(within, null));
                    }
                }
                Reshape(stream, merges);
                return open.Count;
            }
        }
    }

    /// <summary>A split of one shard at a hash key (successive splits of one shard split its right child), or a merge of neighbours left to right.</summary>
    private sealed record Step(IReadOnlyList<KinesisShard> Shards, BigInteger? SplitAt);

    /// <summary>
    /// Runs the steps: each adds its children to the stream (they take records at once), then closes its
    /// parents, then the new layout is written to the data directory.
    /// </summary>
    private void Reshape(KinesisStream stream, IReadOnlyList<Step> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }
        var now = Now;
        var right = new Dictionary<KinesisShard, KinesisShard>();
        foreach (var step in steps)
        {
            if (step.SplitAt is { } at)
            {
                // A second boundary in the same shard splits the right-hand child of the first.
                var parent = step.Shards[0];
                while (right.TryGetValue(parent, out var later))
                {
                    parent = later;
                }
                var low = NewShard(stream, parent.StartingHashKey, at - 1, parent.ShardId, null, now, 0);
                var high = NewShard(stream, at, parent.EndingHashKey, parent.ShardId, null, now, 1);
                stream.Add([low, high]);
                parent.Close(now);
                right[parent] = high;
            }
            else
            {
                var merged = step.Shards[0];
                foreach (var next in step.Shards.Skip(1))
                {
                    var (first, second) = merged.StartingHashKey < next.StartingHashKey ? (merged, next) : (next, merged);
                    var child = NewShard(stream, first.StartingHashKey, second.EndingHashKey, merged.ShardId, next.ShardId, now, 0);
                    stream.Add([child]);
                    merged.Close(now);
                    next.Close(now);
                    merged = child;
                }
            }
        }
        _store?.SaveShardLayout(_options.Region, stream);
    }

    private static KinesisShard NewShard(KinesisStream stream, BigInteger start, BigInteger end, string parent, string? adjacent, DateTimeOffset now, int offset)
    {
        var index = stream.Shards.Count + offset;
        return new KinesisShard(index, start, end, stream.Created.ToUnixTimeSeconds())
        {
            Journal = stream.Journal?.Invoke(index),
            ParentShardId = parent,
            AdjacentParentShardId = adjacent,
            CreatedAt = now,
        };
    }

    private KinesisShard OpenShard(KinesisStream stream, string shardId)
    {
        var shard = stream.Shard(shardId) ?? throw KinesisErrors.ShardNotFound(shardId, stream.Name, Account);
        return shard.IsOpen ? shard : throw KinesisErrors.ShardClosed(shard.ShardId, stream.Name, Account);
    }

    /// <summary>Caller holds the create gate, so the count cannot change before the shards are added.</summary>
    private void CheckAccountLimit(int more)
    {
        var open = OpenShardsInAccount();
        if (more > 0 && open + more > MaxShardsPerAccount)
        {
            throw KinesisErrors.LimitExceeded(KinesisErrors.ShardLimitMessage(Account, _options.Region, open, more, MaxShardsPerAccount));
        }
    }

    /// <summary>
    /// The shards ListShards and DescribeStream show: every shard whose records have not all passed the
    /// retention period, or those a <c>ShardFilter</c> asks for (<c>AFTER_SHARD_ID</c>, <c>AT_TRIM_HORIZON</c>,
    /// <c>FROM_TRIM_HORIZON</c>, <c>AT_LATEST</c>, <c>AT_TIMESTAMP</c>, <c>FROM_TIMESTAMP</c>), by shard id.
    /// </summary>
    public IReadOnlyList<KinesisShard> ListedShards(KinesisStream stream, string? filter = null, string? afterShardId = null, DateTimeOffset? timestamp = null)
    {
        var now = Now;
        var horizon = Max(now - TimeSpan.FromHours(stream.RetentionHours), stream.Created);
        bool OpenAt(KinesisShard s, DateTimeOffset t) => s.CreatedAt <= t && (s.ClosedAt is not { } closed || closed > t);
        bool OpenSince(KinesisShard s, DateTimeOffset t) => s.ClosedAt is not { } closed || closed > t;
        var at = timestamp is { } t ? Max(t, horizon) : horizon;
        if (filter is "AT_TIMESTAMP" or "FROM_TIMESTAMP" && timestamp is null)
        {
            throw KinesisErrors.InvalidArgument($"Timestamp must be specified for ShardFilter of type {filter}.");
        }
        if (filter is "AFTER_SHARD_ID" && afterShardId is null)
        {
            throw KinesisErrors.InvalidArgument("ShardId must be specified for ShardFilter of type AFTER_SHARD_ID.");
        }
        Func<KinesisShard, bool> keep = filter switch
        {
            null or "FROM_TRIM_HORIZON" => s => OpenSince(s, horizon),
            "AFTER_SHARD_ID" => s => OpenSince(s, horizon) && string.CompareOrdinal(s.ShardId, afterShardId) > 0,
            "AT_TRIM_HORIZON" => s => OpenAt(s, horizon),
            "AT_LATEST" => s => s.IsOpen,
            "AT_TIMESTAMP" => s => OpenAt(s, at),
            "FROM_TIMESTAMP" => s => OpenSince(s, at),
            _ => throw KinesisErrors.Validation("shardFilter.type", "Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]", filter),
        };
        return stream.Shards.Where(keep).ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private int OpenShardsInAccount() => _streams.Values.Sum(s => s.OpenShards.Count);
}
