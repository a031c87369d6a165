using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>Kinesis on a data directory: what was acknowledged before a SIGKILL is there after the restart.</summary>
public sealed class KinesisRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    [Fact]
    public async Task PutRecords_HostKilledAndRestarted_StreamsRecordsAndRetentionSurvive()
    {
        AwsCli.RequireInstalled();
        JsonElement put;
        JsonElement single;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("kinesis", "create-stream", "--stream-name", "kept", "--shard-count", "2");
            await aws.JsonAsync("kinesis", "increase-stream-retention-period", "--stream-name", "kept", "--retention-period-hours", "48");
            var records = "[" + string.Join(',', Enumerable.Range(0, 40).Select(i => $$"""{"PartitionKey":"order-{{i}}","Data":"{{AwsCli.Blob($"record {i}")}}"}""")) + "]";
            put = await aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-records", "--stream-name", "kept", "--records", records]);
            single = await aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "kept", "--partition-key", "order-0", "--data", AwsCli.Blob("last")]);
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var summary = (await again.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "kept")).GetProperty("StreamDescriptionSummary");
        var read = new Dictionary<string, (string Sequence, string Key, string Data)>();
        foreach (var shard in (await again.JsonAsync("kinesis", "list-shards", "--stream-name", "kept")).GetProperty("Shards").EnumerateArray())
        {
            var iterator = (await again.JsonAsync("kinesis", "get-shard-iterator", "--stream-name", "kept", "--shard-id", shard.GetProperty("ShardId").GetString()!,
                "--shard-iterator-type", "TRIM_HORIZON")).GetProperty("ShardIterator").GetString()!;
            foreach (var r in (await again.JsonAsync("kinesis", "get-records", "--shard-iterator", iterator)).GetProperty("Records").EnumerateArray())
            {
                var sequence = r.GetProperty("SequenceNumber").GetString()!;
                read[sequence] = (sequence, r.GetProperty("PartitionKey").GetString()!, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!)));
            }
        }
        var after = await again.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "kept", "--partition-key", "order-0", "--data", AwsCli.Blob("after")]);

        Assert.Equal(48, summary.GetProperty("RetentionPeriodHours").GetInt32());
        Assert.Equal(2, summary.GetProperty("OpenShardCount").GetInt32());
        Assert.Equal(0, put.GetProperty("FailedRecordCount").GetInt32());
        var acknowledged = put.GetProperty("Records").EnumerateArray().Select((r, i) => (Sequence: r.GetProperty("SequenceNumber").GetString()!, Key: $"order-{i}", Data: $"record {i}"))
            .Append((Sequence: single.GetProperty("SequenceNumber").GetString()!, Key: "order-0", Data: "last"))
            .OrderBy(r => r.Sequence, StringComparer.Ordinal).ToList();
        Assert.Equal(acknowledged, read.Values.OrderBy(r => r.Sequence, StringComparer.Ordinal).ToList());
        Assert.Equal(single.GetProperty("ShardId").GetString(), after.GetProperty("ShardId").GetString());
        Assert.True(string.CompareOrdinal(after.GetProperty("SequenceNumber").GetString(), single.GetProperty("SequenceNumber").GetString()) > 0,
            "a sequence number handed out after the restart must follow the ones before it");
    }

    [Fact]
    public async Task StreamSettings_HostKilledAndRestarted_TagsEncryptionMonitoringConsumersPolicyAndModeSurvive()
    {
        string consumerArn;
        string arn;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            // The Debian CLI v2 predates resource policies and create-stream --tags.
            var aws = AwsCli.Supporting(first.Endpoint, "kinesis", "get-resource-policy");
            await aws.JsonAsync("kinesis", "create-stream", "--stream-name", "settled", "--shard-count", "1", "--tags", "team=orders");
            arn = (await aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "settled")).GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString()!;
            await aws.JsonAsync("kinesis", "start-stream-encryption", "--stream-name", "settled", "--encryption-type", "KMS", "--key-id", "alias/aws/kinesis");
            await aws.JsonAsync("kinesis", "enable-enhanced-monitoring", "--stream-name", "settled", "--shard-level-metrics", "IncomingRecords");
            consumerArn = (await aws.JsonAsync("kinesis", "register-stream-consumer", "--stream-arn", arn, "--consumer-name", "reader"))
                .GetProperty("Consumer").GetProperty("ConsumerARN").GetString()!;
            await aws.JsonAsync("kinesis", "put-resource-policy", "--resource-arn", arn, "--policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
            await aws.JsonAsync("kinesis", "update-stream-mode", "--stream-arn", arn, "--stream-mode-details", "StreamMode=ON_DEMAND");
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = AwsCli.Supporting(second.Endpoint, "kinesis", "get-resource-policy");
        var described = (await again.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "settled")).GetProperty("StreamDescriptionSummary");
        var tags = (await again.JsonAsync("kinesis", "list-tags-for-stream", "--stream-name", "settled")).GetProperty("Tags");
        var consumer = (await again.JsonAsync("kinesis", "describe-stream-consumer", "--consumer-arn", consumerArn)).GetProperty("ConsumerDescription");
        var policy = (await again.JsonAsync("kinesis", "get-resource-policy", "--resource-arn", arn)).GetProperty("Policy").GetString();

        Assert.Equal("KMS", described.GetProperty("EncryptionType").GetString());
        Assert.Equal("alias/aws/kinesis", described.GetProperty("KeyId").GetString());
        Assert.Equal("ON_DEMAND", described.GetProperty("StreamModeDetails").GetProperty("StreamMode").GetString());
        Assert.Equal(["IncomingRecords"], described.GetProperty("EnhancedMonitoring")[0].GetProperty("ShardLevelMetrics").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(1, described.GetProperty("ConsumerCount").GetInt32());
        Assert.Equal("team", tags[0].GetProperty("Key").GetString());
        Assert.Equal("orders", tags[0].GetProperty("Value").GetString());
        Assert.Equal("reader", consumer.GetProperty("ConsumerName").GetString());
        Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[]}", policy);
    }

    [Fact]
    public async Task DeleteStream_HostKilledAndRestarted_StreamStaysDeleted()
    {
        AwsCli.RequireInstalled();
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("kinesis", "create-stream", "--stream-name", "gone", "--shard-count", "1");
            await aws.JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "gone", "--partition-key", "k", "--data", AwsCli.Blob("x")]);
            await aws.JsonAsync("kinesis", "delete-stream", "--stream-name", "gone");
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var streams = await new AwsCli(second.Endpoint).JsonAsync("kinesis", "list-streams");

        Assert.Empty(streams.GetProperty("StreamNames").EnumerateArray());
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
