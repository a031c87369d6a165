using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>SplitShard, MergeShards and UpdateShardCount on the service object: lineage, hash ranges, reading across a reshard, the data directory.</summary>
public sealed class KinesisReshardingTests : IDisposable
{
    private static readonly BigInteger s_half = BigInteger.One << 127;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-reshard-").FullName;

    private KinesisService Service(DurableStore? store = null) => new(new LocalCloudOptions { Port = 0, Clock = _clock, KinesisThrottling = false }, store);

    private static KinesisPutEntry Entry(string text, BigInteger hashKey) => new(Encoding.UTF8.GetBytes(text), "k", hashKey.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a shard two records at a time: a closed one to its end (no next iterator, its children named), an open one until nothing is left.</summary>
    private static List<string> ReadAll(KinesisService kinesis, KinesisStream stream, string shardId, out IReadOnlyList<KinesisShard>? children)
    {
        var texts = new List<string>();
        string? iterator = kinesis.GetShardIterator(stream, shardId, "TRIM_HORIZON", null, null);
        children = null;
        while (iterator is not null)
        {
            var answer = kinesis.GetRecordsOf(iterator, 2);
            texts.AddRange(answer.Records.Select(r => Encoding.UTF8.GetString(r.Data)));
            children = answer.ChildShards;
            iterator = answer.NextIterator;
            if (answer.Records.Count == 0 && iterator is not null)
            {
                break;
            }
        }
        Assert.Equal(stream.Shard(shardId)!.IsOpen, iterator is not null);
        Assert.Equal(stream.Shard(shardId)!.IsOpen, children is null);
        return texts;
    }

    [Fact]
    public void SplitShard_ClosesTheParentAtItsLastRecord_AndTheChildrenTakeItsKeys()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        kinesis.PutRecords(stream, [Entry("before-low", 5), Entry("before-high", s_half + 5), Entry("before-low-2", 6)]);

        kinesis.SplitShard(stream, "shardId-000000000000", s_half.ToString(CultureInfo.InvariantCulture));
        var low = kinesis.PutRecord(stream, Entry("after-low", 5));
        var high = kinesis.PutRecord(stream, Entry("after-high", s_half + 5));

        var parent = stream.Shard("shardId-000000000000")!;
        Assert.False(parent.IsOpen);
        Assert.Equal(parent.SequenceNumber(3), parent.EndingSequenceNumber);
        Assert.Equal("shardId-000000000001", low.ShardId);
        Assert.Equal("shardId-000000000002", high.ShardId);
        var children = stream.ChildrenOf(parent.ShardId);
        Assert.Equal([(BigInteger.Zero, s_half - 1), (s_half, KinesisStream.MaxHashKey)], children.Select(c => (c.StartingHashKey, c.EndingHashKey)));
        Assert.All(children, c => Assert.Equal(parent.ShardId, c.ParentShardId));
        Assert.Equal(["before-low", "before-high", "before-low-2"], ReadAll(kinesis, stream, parent.ShardId, out var listed));
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], listed!.Select(c => c.ShardId));
        Assert.Equal(["after-low"], ReadAll(kinesis, stream, "shardId-000000000001", out _));
        Assert.Equal(["after-high"], ReadAll(kinesis, stream, "shardId-000000000002", out _));
        Assert.Equal(2, stream.OpenShards.Count);
    }

    [Fact]
    public void SplitShard_KeyNotInsideTheShard_OrShardClosed_RefusedAsAwsWordsIt()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 2, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var edge = Assert.Throws<AwsServiceException>(() => kinesis.SplitShard(stream, "shardId-000000000000", "1"));
        var outside = Assert.Throws<AwsServiceException>(() => kinesis.SplitShard(stream, "shardId-000000000000", s_half.ToString(CultureInfo.InvariantCulture)));
        var missing = Assert.Throws<AwsServiceException>(() => kinesis.SplitShard(stream, "shardId-000000000009", "100"));
        kinesis.SplitShard(stream, "shardId-000000000000", "100");
        var closed = Assert.Throws<AwsServiceException>(() => kinesis.SplitShard(stream, "shardId-000000000000", "50"));

        Assert.Equal("InvalidArgumentException", edge.Code);
        Assert.Equal($"NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey {s_half - 1}.", edge.Message);
        Assert.Equal("InvalidArgumentException", outside.Code);
        Assert.Equal("ResourceNotFoundException", missing.Code);
        Assert.Equal("InvalidArgumentException", closed.Code);
        Assert.Equal("Shard shardId-000000000000 in stream s under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.", closed.Message);
    }

    [Fact]
    public void MergeShards_AdjacentPair_OneChildWithBothParents_ElseRefused()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 3, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var apart = Assert.Throws<AwsServiceException>(() => kinesis.MergeShards(stream, "shardId-000000000000", "shardId-000000000002"));
        kinesis.MergeShards(stream, "shardId-000000000002", "shardId-000000000001");

        Assert.Equal("Shards shardId-000000000000 and shardId-000000000002 in stream s under account 000000000000 are not an adjacent pair of shards eligible for merging", apart.Message);
        var child = stream.Shard("shardId-000000000003")!;
        Assert.Equal("shardId-000000000002", child.ParentShardId);
        Assert.Equal("shardId-000000000001", child.AdjacentParentShardId);
        Assert.Equal(stream.Shard("shardId-000000000001")!.StartingHashKey, child.StartingHashKey);
        Assert.Equal(KinesisStream.MaxHashKey, child.EndingHashKey);
        Assert.Equal(["shardId-000000000000", "shardId-000000000003"], stream.OpenShards.Select(s => s.ShardId));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 6)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 14)]
    [InlineData(8, 4)]
    public void UpdateShardCount_AnyTargetWithinHalfAndDouble_LeavesEvenRangesWithAtMostTwoParentsEach(int from, int to)
    {
        var kinesis = Service();
        kinesis.CreateStream("s", from, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        var keys = Enumerable.Range(0, 64).Select(i => KinesisService.HashKey("key-" + i.ToString(CultureInfo.InvariantCulture), null)).ToList();

        var before = kinesis.UpdateShardCount(stream, to, "UNIFORM_SCALING");

        Assert.Equal(from, before);
        var open = stream.OpenShards.OrderBy(s => s.StartingHashKey).ToList();
        Assert.Equal(KinesisStream.EvenRanges(to), open.Select(s => (s.StartingHashKey, s.EndingHashKey)));
        foreach (var shard in stream.Shards.Skip(from))
        {
            Assert.NotNull(shard.ParentShardId);
            // Every child lies within the union of its parents.
            var parents = new[] { shard.ParentShardId, shard.AdjacentParentShardId }.Where(p => p is not null).Select(p => stream.Shard(p!)!).ToList();
            Assert.All(parents, p => Assert.False(p.IsOpen));
            Assert.True(parents.Min(p => p.StartingHashKey) <= shard.StartingHashKey && parents.Max(p => p.EndingHashKey) >= shard.EndingHashKey,
                $"{shard.ShardId} lies outside its parents");
        }
        Assert.All(keys, k => Assert.Single(open, s => k >= s.StartingHashKey && k <= s.EndingHashKey));
    }

    [Fact]
    public void UpdateShardCount_PastDoubleOrBelowHalf_OrOnDemand_Refused()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 4, "PROVISIONED");
        kinesis.CreateStream("od", null);
        var stream = kinesis.Stream("s", null);

        var up = Assert.Throws<AwsServiceException>(() => kinesis.UpdateShardCount(stream, 9, "UNIFORM_SCALING"));
        var down = Assert.Throws<AwsServiceException>(() => kinesis.UpdateShardCount(stream, 1, "UNIFORM_SCALING"));
        var onDemand = Assert.Throws<AwsServiceException>(() => kinesis.UpdateShardCount(kinesis.Stream("od", null), 4, "UNIFORM_SCALING"));

        Assert.Equal("LimitExceededException", up.Code);
        Assert.Equal("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 4, Target shard count: 9", up.Message);
        Assert.Equal("LimitExceededException", down.Code);
        Assert.Equal("UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 4, Target shard count: 1", down.Message);
        Assert.Equal("InvalidArgumentException", onDemand.Code);
        Assert.Equal(4, stream.OpenShards.Count);
        Assert.Equal(4, stream.Shards.Count);
    }

    [Fact]
    public void ListedShards_Filters_ShowTheShardsOpenAtEachPoint()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var beforeSplit = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(5));
        kinesis.SplitShard(stream, "shardId-000000000000", s_half.ToString(CultureInfo.InvariantCulture));

        string[] Ids(string? filter, DateTimeOffset? at = null, string? after = null) => [.. kinesis.ListedShards(stream, filter, after, at).Select(s => s.ShardId)];

        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], Ids(null));
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], Ids("AT_LATEST"));
        Assert.Equal(["shardId-000000000000"], Ids("AT_TRIM_HORIZON"));
        Assert.Equal(["shardId-000000000000"], Ids("AT_TIMESTAMP", beforeSplit));
        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], Ids("FROM_TIMESTAMP", beforeSplit));
        Assert.Equal(["shardId-000000000002"], Ids("AFTER_SHARD_ID", after: "shardId-000000000001"));
        // A closed shard is listed until its records have all passed the retention period.
        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], Ids(null));
    }

    [Fact]
    public void Reshard_ThenRestart_TheDataDirectoryKeepsLineageClosedShardsAndEveryRecord()
    {
        using (var store = DurableStore.Open(_data))
        {
            var kinesis = Service(store);
            kinesis.CreateStream("s", 2, "PROVISIONED");
            var stream = kinesis.Stream("s", null);
            kinesis.PutRecords(stream, [Entry("a", 5), Entry("b", s_half + 5)]);
            kinesis.UpdateShardCount(stream, 3, "UNIFORM_SCALING");
            kinesis.PutRecords(stream, [Entry("c", 5), Entry("d", KinesisStream.MaxHashKey)]);
        }
        using (var store = DurableStore.Open(_data))
        {
            var kinesis = Service(store);
            var stream = kinesis.Stream("s", null);

            Assert.Equal(KinesisStream.EvenRanges(3), stream.OpenShards.OrderBy(s => s.StartingHashKey).Select(s => (s.StartingHashKey, s.EndingHashKey)));
            Assert.All(stream.Shards.Take(2), s => Assert.False(s.IsOpen));
            var texts = stream.Shards.SelectMany(s => ReadAll(kinesis, stream, s.ShardId, out _)).ToList();
            Assert.Equal(["a", "b", "c", "d"], texts.Order(StringComparer.Ordinal));
            // Records put after the restart land on open shards, and a closed shard still takes none.
            var put = kinesis.PutRecord(stream, Entry("e", 5));
            Assert.True(stream.Shard(put.ShardId!)!.IsOpen);
            Assert.All(stream.Shards.Skip(2), s => Assert.NotNull(stream.Shard(s.ParentShardId!)));
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
