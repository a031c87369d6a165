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
}
