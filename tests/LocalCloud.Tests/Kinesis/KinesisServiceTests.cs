using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>Kinesis semantics on the service object, with a clock the tests move.</summary>
public sealed class KinesisServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private KinesisService Service(bool throttle = false) =>
        new(new LocalCloudOptions { Port = 0, Clock = _clock, KinesisThrottling = throttle });

    private static KinesisPutEntry Entry(string key, int size = 16, string? hashKey = null) => new(new byte[size], key, hashKey);

    [Fact]
    public void PutRecords_PartitionKeys_LandOnTheShardOwningTheirMd5()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 4, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        var keys = Enumerable.Range(0, 200).Select(i => "order-" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        var results = kinesis.PutRecords(stream, keys.Select(k => Entry(k)).ToList());

        var quarter = BigInteger.Pow(2, 126);
        for (var i = 0; i < keys.Count; i++)
        {
            var md5 = BigInteger.Parse("0" + Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(keys[i]))), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var expected = "shardId-00000000000" + (int)(md5 / quarter);
            Assert.Equal(expected, results[i].ShardId);
        }
        Assert.Equal(4, results.Select(r => r.ShardId).Distinct().Count());
    }

    [Fact]
    public void PutRecord_ExplicitHashKey_OverridesThePartitionKey()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 4, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var top = kinesis.PutRecord(stream, Entry("a", hashKey: (BigInteger.Pow(2, 128) - 1).ToString(CultureInfo.InvariantCulture)));
        var bottom = kinesis.PutRecord(stream, Entry("a", hashKey: "0"));

        Assert.Equal("shardId-000000000003", top.ShardId);
        Assert.Equal("shardId-000000000000", bottom.ShardId);
        Assert.Throws<AwsServiceException>(() => kinesis.PutRecord(stream, Entry("a", hashKey: BigInteger.Pow(2, 128).ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void SequenceNumbers_Are56DigitsAndGrowWithinAShard()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var numbers = Enumerable.Range(0, 20).Select(_ => kinesis.PutRecord(stream, Entry("k")).SequenceNumber!).ToList();

        Assert.All(numbers, n => Assert.Equal(56, n.Length));
        var parsed = numbers.Select(n => BigInteger.Parse(n, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(parsed.Order(), parsed);
        Assert.Equal(parsed.Count, parsed.Distinct().Count());
        Assert.True(parsed[0] > BigInteger.Parse(stream.Shards[0].StartingSequenceNumber, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PutRecords_OverThousandRecordsPerSecondOnAShard_ReportsThroughputExceededPerEntry()
    {
        var kinesis = Service(throttle: true);
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var first = kinesis.PutRecords(stream, Enumerable.Range(0, 500).Select(_ => Entry("k")).ToList());
        var second = kinesis.PutRecords(stream, Enumerable.Range(0, 500).Select(_ => Entry("k")).ToList());
        var third = kinesis.PutRecords(stream, Enumerable.Range(0, 5).Select(_ => Entry("k")).ToList());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var later = kinesis.PutRecords(stream, Enumerable.Range(0, 5).Select(_ => Entry("k")).ToList());

        Assert.All(first.Concat(second), r => Assert.Null(r.ErrorCode));
        Assert.All(third, r => Assert.Equal("ProvisionedThroughputExceededException", r.ErrorCode));
        Assert.StartsWith("Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000", third[0].ErrorMessage, StringComparison.Ordinal);
        Assert.All(later, r => Assert.Null(r.ErrorCode));
    }

    [Fact]
    public void PutRecord_OverOneMegabytePerSecond_ThrowsThroughputExceeded()
    {
        var kinesis = Service(throttle: true);
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        kinesis.PutRecord(stream, Entry("k", 700 * 1024));
        var error = Assert.Throws<AwsServiceException>(() => kinesis.PutRecord(stream, Entry("k", 700 * 1024)));

        Assert.Equal("ProvisionedThroughputExceededException", error.Code);
    }

    [Fact]
    public void PutRecords_OverAwsLimits_FailsWithAwsErrors()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 2, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        var tooMany = Assert.Throws<AwsServiceException>(() => kinesis.PutRecords(stream, Enumerable.Range(0, 501).Select(_ => Entry("k")).ToList()));
        var tooLarge = Assert.Throws<AwsServiceException>(() => kinesis.PutRecords(stream, [Entry("k", (1024 * 1024) + 1)]));
        var longKey = Assert.Throws<AwsServiceException>(() => kinesis.PutRecords(stream, [Entry(new string('k', 257))]));
        var emptyKey = Assert.Throws<AwsServiceException>(() => kinesis.PutRecords(stream, [Entry("")]));
        var tooMuch = Assert.Throws<AwsServiceException>(() => kinesis.PutRecords(stream, Enumerable.Range(0, 6).Select(_ => Entry("k", 1024 * 1024)).ToList()));

        Assert.Equal("ValidationException", tooMany.Code);
        Assert.Equal("ValidationException", tooLarge.Code);
        Assert.Contains("records.1.member.data", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal("ValidationException", longKey.Code);
        Assert.Equal("ValidationException", emptyKey.Code);
        Assert.Equal("InvalidArgumentException", tooMuch.Code);
        Assert.Equal("Records size exceeds 5 MB limit", tooMuch.Message);
    }

    [Fact]
    public void GetShardIterator_EachType_StartsWhereAwsDocuments()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        var early = Enumerable.Range(0, 3).Select(_ => kinesis.PutRecord(stream, Entry("k")).SequenceNumber!).ToList();
        var latest = kinesis.GetShardIterator(stream, "shardId-000000000000", "LATEST", null, null);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var late = kinesis.PutRecord(stream, Entry("k")).SequenceNumber!;

        List<string> Read(string iterator) => [.. kinesis.GetRecords(iterator, null).Records.Select(r => r.SequenceNumber)];

        Assert.Equal([.. early, late], Read(kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null)));
        Assert.Equal([late], Read(latest));
        Assert.Equal([early[1], early[2], late], Read(kinesis.GetShardIterator(stream, "shardId-000000000000", "AT_SEQUENCE_NUMBER", early[1], null)));
        Assert.Equal([early[2], late], Read(kinesis.GetShardIterator(stream, "shardId-000000000000", "AFTER_SEQUENCE_NUMBER", early[1], null)));
        Assert.Equal([late], Read(kinesis.GetShardIterator(stream, "shardId-000000000000", "AT_TIMESTAMP", null, _clock.GetUtcNow().AddSeconds(-1))));
    }

    [Fact]
    public void GetShardIterator_SequenceNumberOfAnotherShard_IsInvalidArgument()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 2, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        var onShard1 = kinesis.PutRecord(stream, Entry("k", hashKey: (BigInteger.Pow(2, 128) - 1).ToString(CultureInfo.InvariantCulture))).SequenceNumber!;

        var error = Assert.Throws<AwsServiceException>(() => kinesis.GetShardIterator(stream, "shardId-000000000000", "AT_SEQUENCE_NUMBER", onShard1, null));

        Assert.Equal("InvalidArgumentException", error.Code);
        Assert.Contains("It encodes shardId-000000000001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRecords_WithLimit_ChainsIteratorsAndReportsMillisBehind()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        kinesis.PutRecord(stream, Entry("a"));
        _clock.Advance(TimeSpan.FromSeconds(2));
        kinesis.PutRecord(stream, Entry("b"));
        _clock.Advance(TimeSpan.FromSeconds(3));

        var first = kinesis.GetRecords(kinesis.GetShardIterator(stream, "0", "TRIM_HORIZON", null, null), 1);
        var second = kinesis.GetRecords(first.NextIterator!, 1);
        var third = kinesis.GetRecords(second.NextIterator!, 1);

        Assert.Equal("a", Assert.Single(first.Records).PartitionKey);
        Assert.Equal(3000, first.MillisBehindLatest);
        Assert.Equal("b", Assert.Single(second.Records).PartitionKey);
        Assert.Equal(0, second.MillisBehindLatest);
        Assert.Empty(third.Records);
    }

    [Fact]
    public void GetRecords_IteratorOlderThanFiveMinutes_IsExpired()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var iterator = kinesis.GetShardIterator(kinesis.Stream("s", null), "shardId-000000000000", "TRIM_HORIZON", null, null);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var error = Assert.Throws<AwsServiceException>(() => kinesis.GetRecords(iterator, null));
        var garbage = Assert.Throws<AwsServiceException>(() => kinesis.GetRecords("not-an-iterator", null));

        Assert.Equal("ExpiredIteratorException", error.Code);
        Assert.Equal("InvalidArgumentException", garbage.Code);
    }

    [Fact]
    public void GetRecords_RecordsOlderThanRetention_AreTrimmed()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");
        var stream = kinesis.Stream("s", null);
        kinesis.PutRecord(stream, Entry("old"));
        _clock.Advance(TimeSpan.FromHours(23));
        kinesis.PutRecord(stream, Entry("new"));
        _clock.Advance(TimeSpan.FromHours(2));

        var records = kinesis.GetRecords(kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records;

        Assert.Equal(["new"], records.Select(r => r.PartitionKey));
    }

    [Fact]
    public void CreateStream_ExistingNameOrBadInput_FailsWithAwsErrors()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 1, "PROVISIONED");

        Assert.Equal("ResourceInUseException", Assert.Throws<AwsServiceException>(() => kinesis.CreateStream("s", 1, "PROVISIONED")).Code);
        Assert.Equal("ValidationException", Assert.Throws<AwsServiceException>(() => kinesis.CreateStream("bad name!", 1, "PROVISIONED")).Code);
        Assert.Equal("ValidationException", Assert.Throws<AwsServiceException>(() => kinesis.CreateStream("z", 0, "PROVISIONED")).Code);
        Assert.Equal("LimitExceededException", Assert.Throws<AwsServiceException>(() => kinesis.CreateStream("big", 600, "PROVISIONED")).Code);
        Assert.Equal("ResourceNotFoundException", Assert.Throws<AwsServiceException>(() => kinesis.Stream("missing", null)).Code);
    }

    [Fact]
    public async Task PutRecords_FromManyThreads_KeepsEveryRecordInOrderPerShard()
    {
        var kinesis = Service();
        kinesis.CreateStream("s", 4, "PROVISIONED");
        var stream = kinesis.Stream("s", null);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                kinesis.PutRecords(stream, Enumerable.Range(0, 20).Select(j => Entry($"{t}-{i}-{j}")).ToList());
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        var total = 0;
        foreach (var shard in stream.Shards)
        {
            var records = kinesis.GetRecords(kinesis.GetShardIterator(stream, shard.ShardId, "TRIM_HORIZON", null, null), 10000).Records;
            var numbers = records.Select(r => BigInteger.Parse(r.SequenceNumber, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers);
            total += records.Count;
        }
        Assert.Equal(8 * 50 * 20, total);
    }
}
