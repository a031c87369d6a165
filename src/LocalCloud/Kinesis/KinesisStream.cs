using System.Numerics;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>A stream: its shards split the 128-bit hash-key space evenly, as CreateStream does in AWS.</summary>
internal sealed class KinesisStream
{
    public static readonly BigInteger MaxHashKey = (BigInteger.One << 128) - 1;

    public KinesisStream(string name, string arn, int shardCount, string mode, DateTimeOffset created)
        : this(name, arn, shardCount, mode, created, Guid.NewGuid(), journal: null)
    {
    }

    /// <param name="incarnation">Kept across restarts, so iterators handed out before one still read.</param>
    /// <param name="journal">The shard's journal by index; null keeps the stream in memory only.</param>
    public KinesisStream(string name, string arn, int shardCount, string mode, DateTimeOffset created, Guid incarnation, Func<int, KinesisShardJournal>? journal)
    {
        Name = name;
        Incarnation = incarnation;
        Arn = arn;
        Mode = mode;
        Created = created;
        var width = (BigInteger.One << 128) / shardCount;
        var shards = new KinesisShard[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            var start = width * i;
            var end = i == shardCount - 1 ? MaxHashKey : (width * (i + 1)) - 1;
            shards[i] = new KinesisShard(i, start, end, created.ToUnixTimeSeconds()) { Journal = journal?.Invoke(i) };
        }
        Shards = shards;
    }

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

    public IReadOnlyList<KinesisShard> Shards { get; }

    public int RetentionHours { get; set; } = 24;

    public KinesisShard ShardFor(BigInteger hashKey)
    {
        foreach (var shard in Shards)
        {
            if (hashKey >= shard.StartingHashKey && hashKey <= shard.EndingHashKey)
            {
                return shard;
            }
        }
        return Shards[^1];
    }

    public KinesisShard? Shard(string shardId)
    {
        foreach (var shard in Shards)
        {
            if (shard.ShardId == shardId)
            {
                return shard;
            }
        }
        // AWS accepts the short form "shardId-1" or "1" too.
        var digits = shardId.StartsWith("shardId-", StringComparison.Ordinal) ? shardId[8..] : shardId;
        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < Shards.Count
            ? Shards[index]
            : null;
    }
}
