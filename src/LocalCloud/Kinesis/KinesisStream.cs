using System.Numerics;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// A stream: its shards split the 128-bit hash-key space evenly, as CreateStream does in AWS. Splits and
/// merges close shards and add their children; a shard's index is its place in <see cref="Shards"/>.
/// </summary>
internal sealed class KinesisStream
{
    public static readonly BigInteger MaxHashKey = (BigInteger.One << 128) - 1;
    private volatile KinesisShard[] _shards;

    public KinesisStream(string name, string arn, int shardCount, string mode, DateTimeOffset created)
        : this(name, arn, mode, created, Guid.NewGuid(), journal: null, EvenShards(shardCount, created, journal: null))
    {
    }

    /// <param name="incarnation">Kept across restarts, so iterators handed out before one still read.</param>
    /// <param name="journal">The shard's journal by index; null keeps the stream in memory only.</param>
    /// <param name="shards">Every shard, closed ones included, in index order.</param>
    public KinesisStream(string name, string arn, string mode, DateTimeOffset created, Guid incarnation, Func<int, KinesisShardJournal>? journal, IReadOnlyList<KinesisShard> shards)
    {
        Name = name;
        Incarnation = incarnation;
        Arn = arn;
        Mode = mode;
        Created = created;
        Journal = journal;
        _shards = [.. shards];
    }

    /// <summary>A new stream's shards: <paramref name="count"/> of them splitting the hash-key space evenly.</summary>
    public static KinesisShard[] EvenShards(int count, DateTimeOffset created, Func<int, KinesisShardJournal>? journal) =>
        EvenRanges(count).Select((r, i) => new KinesisShard(i, r.Start, r.End, created.ToUnixTimeSeconds()) { Journal = journal?.Invoke(i), CreatedAt = created }).ToArray();

    /// <summary>The hash-key ranges of <paramref name="count"/> shards that split the space evenly.</summary>
    public static (BigInteger Start, BigInteger End)[] EvenRanges(int count)
    {
        var width = (BigInteger.One << 128) / count;
        return Enumerable.Range(0, count).Select(i => (width * i, i == count - 1 ? MaxHashKey : (width * (i + 1)) - 1)).ToArray();
    }

    /// <summary>Makes each new shard's journal; null keeps the stream in memory only.</summary>
    public Func<int, KinesisShardJournal>? Journal { get; }

    /// <summary>Serialises splits and merges of this stream.</summary>
    public object TopologyGate { get; } = new();

    public string Name { get; }

    public string Arn { get; }

    /// <summary>PROVISIONED or ON_DEMAND; UpdateStreamMode switches it.</summary>
    public string Mode { get; set; }

    /// <summary>Tags, encryption, monitoring, policy and consumers; replaced whole under <see cref="SettingsGate"/>.</summary>
    public KinesisStreamSettings Settings { get; set; } = KinesisStreamSettings.Empty;

    /// <summary>Serialises changes to <see cref="Settings"/> and <see cref="Mode"/> (write to the store, then swap).</summary>
    public object SettingsGate { get; } = new();

    public DateTimeOffset Created { get; }

    /// <summary>Distinguishes a stream from an earlier one of the same name (old iterators stay invalid).</summary>
    public Guid Incarnation { get; }

    /// <summary>Every shard the stream has had, open and closed, by index.</summary>
    public IReadOnlyList<KinesisShard> Shards => _shards;

    /// <summary>The shards taking records now.</summary>
    public IReadOnlyList<KinesisShard> OpenShards => _shards.Where(s => s.IsOpen).ToList();

    /// <summary>
    /// Adds shards made by a split or merge (under <see cref="TopologyGate"/>): they take records at once,
    /// before their parents close, so a key's records never wait between the two.
    /// </summary>
    public void Add(IReadOnlyList<KinesisShard> children) => _shards = [.. _shards, .. children];

    /// <summary>The shards made from <paramref name="shardId"/> by a split or merge.</summary>
    public IReadOnlyList<KinesisShard> ChildrenOf(string shardId) =>
        _shards.Where(s => s.ParentShardId == shardId || s.AdjacentParentShardId == shardId).ToList();

    public int RetentionHours { get; set; } = 24;

    /// <summary>The open shard owning the hash key; the newest, while a split or merge has added children whose parents are not yet closed.</summary>
    public KinesisShard ShardFor(BigInteger hashKey)
    {
        var shards = _shards;
        for (var i = shards.Length - 1; i >= 0; i--)
        {
            var shard = shards[i];
            if (shard.IsOpen && hashKey >= shard.StartingHashKey && hashKey <= shard.EndingHashKey)
            {
                return shard;
            }
        }
        throw new InvalidOperationException($"no open shard of stream {Name} owns hash key {hashKey}");
    }

    public KinesisShard? Shard(string shardId)
    {
        var shards = _shards;
        foreach (var shard in shards)
        {
            if (shard.ShardId == shardId)
            {
                return shard;
            }
        }
        // AWS accepts the short form "shardId-1" or "1" too.
        var digits = shardId.StartsWith("shardId-", StringComparison.Ordinal) ? shardId[8..] : shardId;
        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < shards.Length
            ? shards[index]
            : null;
    }
}
