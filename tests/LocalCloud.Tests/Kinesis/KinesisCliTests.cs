using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>Every Kinesis action of the issue through the real AWS CLI (AWS JSON 1.1).</summary>
public sealed class KinesisCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private readonly AwsCli _aws = new(cloud.Endpoint);

    [Fact]
    public async Task StreamLifecycleAndRecords_EveryAction_Works()
    {
        AwsCli.RequireInstalled();
        await _aws.JsonAsync("kinesis", "create-stream", "--stream-name", "cli-stream", "--shard-count", "2");
        var describe = await _aws.JsonAsync("kinesis", "describe-stream", "--stream-name", "cli-stream");
        var summary = await _aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "cli-stream");
        var streams = await _aws.JsonAsync("kinesis", "list-streams");
        var shards = await _aws.JsonAsync("kinesis", "list-shards", "--stream-name", "cli-stream");
        var put = await _aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "cli-stream", "--partition-key", "order-1", "--data", AwsCli.Blob("hello")]);
        var putMany = await _aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-records", "--stream-name", "cli-stream", "--records",
            $$"""[{"PartitionKey":"order-1","Data":"{{AwsCli.Blob("world")}}"},{"PartitionKey":"order-2","Data":"{{AwsCli.Blob("!")}}"}]"""]);
        var shardId = put.GetProperty("ShardId").GetString()!;
        var iterator = (await _aws.JsonAsync("kinesis", "get-shard-iterator", "--stream-name", "cli-stream", "--shard-id", shardId,
            "--shard-iterator-type", "AT_SEQUENCE_NUMBER", "--starting-sequence-number", put.GetProperty("SequenceNumber").GetString()!)).GetProperty("ShardIterator").GetString()!;
        var records = await _aws.JsonAsync("kinesis", "get-records", "--shard-iterator", iterator);
        await _aws.JsonAsync("kinesis", "delete-stream", "--stream-name", "cli-stream");
        var gone = await _aws.FailAsync("kinesis", "describe-stream-summary", "--stream-name", "cli-stream");

        Assert.Equal(2, describe.GetProperty("StreamDescription").GetProperty("Shards").GetArrayLength());
        Assert.Equal("ACTIVE", summary.GetProperty("StreamDescriptionSummary").GetProperty("StreamStatus").GetString());
        Assert.Contains(streams.GetProperty("StreamNames").EnumerateArray(), s => s.GetString() == "cli-stream");
        Assert.Equal(2, shards.GetProperty("Shards").GetArrayLength());
        Assert.Equal(0, putMany.GetProperty("FailedRecordCount").GetInt32());
        var data = records.GetProperty("Records").EnumerateArray().Where(r => r.GetProperty("PartitionKey").GetString() == "order-1").Select(r => r.GetProperty("Data").GetString()).ToList();
        Assert.Equal(["aGVsbG8=", "d29ybGQ="], data);
        Assert.True(records.TryGetProperty("NextShardIterator", out _));
        Assert.Equal(0, records.GetProperty("MillisBehindLatest").GetInt64());
        Assert.Contains("ResourceNotFoundException", gone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRecords_TooManyRecords_GetsValidationException()
    {
        AwsCli.RequireInstalled();
        await _aws.JsonAsync("kinesis", "create-stream", "--stream-name", "cli-limits", "--shard-count", "1");
        var records = "[" + string.Join(',', Enumerable.Range(0, 501).Select(i => $$"""{"PartitionKey":"k{{i}}","Data":"{{AwsCli.Blob("x")}}"}""")) + "]";

        var error = await _aws.FailAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-records", "--stream-name", "cli-limits", "--records", records]);

        Assert.Contains("ValidationException", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resharding_ThroughTheCli_SplitsMergesAndScales_AndAClosedShardEndsAtItsChildren()
    {
        AwsCli.RequireInstalled();
        await _aws.JsonAsync("kinesis", "create-stream", "--stream-name", "grown", "--shard-count", "1");
        await _aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "grown", "--partition-key", "k", "--data", AwsCli.Blob("before")]);

        var scaled = await _aws.JsonAsync("kinesis", "update-shard-count", "--stream-name", "grown", "--target-shard-count", "2", "--scaling-type", "UNIFORM_SCALING");
        var put = await _aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "grown", "--partition-key", "k", "--data", AwsCli.Blob("after")]);
        var all = (await _aws.JsonAsync("kinesis", "list-shards", "--stream-name", "grown")).GetProperty("Shards");
        var latest = (await _aws.JsonAsync("kinesis", "list-shards", "--stream-name", "grown", "--shard-filter", "Type=AT_LATEST")).GetProperty("Shards");
        var iterator = (await _aws.JsonAsync("kinesis", "get-shard-iterator", "--stream-name", "grown", "--shard-id", "shardId-000000000000", "--shard-iterator-type", "TRIM_HORIZON"))
            .GetProperty("ShardIterator").GetString()!;
        var end = await _aws.JsonAsync("kinesis", "get-records", "--shard-iterator", iterator);
        await _aws.JsonAsync("kinesis", "merge-shards", "--stream-name", "grown", "--shard-to-merge", "shardId-000000000001", "--adjacent-shard-to-merge", "shardId-000000000002");
        var merged = (await _aws.JsonAsync("kinesis", "list-shards", "--stream-name", "grown", "--shard-filter", "Type=AT_LATEST")).GetProperty("Shards");
        await _aws.JsonAsync("kinesis", "split-shard", "--stream-name", "grown", "--shard-to-split", "shardId-000000000003", "--new-starting-hash-key", "1000");
        var summary = (await _aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "grown")).GetProperty("StreamDescriptionSummary");
        var refused = await _aws.FailAsync("kinesis", "merge-shards", "--stream-name", "grown", "--shard-to-merge", "shardId-000000000000", "--adjacent-shard-to-merge", "shardId-000000000004");

        Assert.Equal(1, scaled.GetProperty("CurrentShardCount").GetInt32());
        Assert.Equal(2, scaled.GetProperty("TargetShardCount").GetInt32());
        Assert.StartsWith("shardId-00000000000", put.GetProperty("ShardId").GetString(), StringComparison.Ordinal);
        Assert.NotEqual("shardId-000000000000", put.GetProperty("ShardId").GetString());
        Assert.Equal(3, all.GetArrayLength());
        Assert.True(all[0].GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        Assert.Equal("shardId-000000000000", all[1].GetProperty("ParentShardId").GetString());
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], latest.EnumerateArray().Select(s => s.GetProperty("ShardId").GetString()));
        Assert.Equal(["YmVmb3Jl"], end.GetProperty("Records").EnumerateArray().Select(r => r.GetProperty("Data").GetString()));
        Assert.False(end.TryGetProperty("NextShardIterator", out _));
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], end.GetProperty("ChildShards").EnumerateArray().Select(c => c.GetProperty("ShardId").GetString()));
        Assert.Equal(["shardId-000000000000"], end.GetProperty("ChildShards")[0].GetProperty("ParentShards").EnumerateArray().Select(p => p.GetString()));
        var child = Assert.Single(merged.EnumerateArray());
        Assert.Equal("shardId-000000000001", child.GetProperty("ParentShardId").GetString());
        Assert.Equal("shardId-000000000002", child.GetProperty("AdjacentParentShardId").GetString());
        Assert.Equal(2, summary.GetProperty("OpenShardCount").GetInt32());
        Assert.Contains("InvalidArgumentException", refused, StringComparison.Ordinal);
        Assert.Contains("has already been merged or split", refused, StringComparison.Ordinal);
    }
}
