using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>
/// Kinesis beyond records, through the AWS CLI as a user calls it: tags on streams and consumers,
/// server-side encryption checked against the local KMS, enhanced monitoring, registered consumers
/// with AWS's ARN form, resource policies, the capacity mode and the account's limits.
/// </summary>
public sealed class KinesisStreamSettingsTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private AwsCli? _aws;

    /// <summary>A CLI that knows the newest of these operations (resource policies; create-stream --tags): the Debian CLI v2 predates them.</summary>
    private AwsCli Aws => _aws ??= AwsCli.Supporting(cloud.Endpoint, "kinesis", "get-resource-policy");

    private async Task<string> CreateAsync(string name, params string[] extra)
    {
        await Aws.JsonAsync(["kinesis", "create-stream", "--stream-name", name, "--shard-count", "1", .. extra]);
        return (await Aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", name)).GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString()!;
    }

    private static Dictionary<string, string> Tags(JsonElement answer) =>
        answer.GetProperty("Tags").EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);

    [Fact]
    public async Task Tags_OnCreateAddRemoveAndByArn_ListInKeyOrderWithPaging()
    {
        var arn = await CreateAsync("tagged", "--tags", "team=orders");

        await Aws.JsonAsync("kinesis", "add-tags-to-stream", "--stream-name", "tagged", "--tags", "env=dev,tier=1,team=payments");
        await Aws.JsonAsync("kinesis", "remove-tags-from-stream", "--stream-name", "tagged", "--tag-keys", "tier");
        await Aws.JsonAsync("kinesis", "tag-resource", "--resource-arn", arn, "--tags", "cost=42");
        var first = await Aws.JsonAsync("kinesis", "list-tags-for-stream", "--stream-name", "tagged", "--limit", "2");
        var rest = await Aws.JsonAsync("kinesis", "list-tags-for-stream", "--stream-name", "tagged", "--exclusive-start-tag-key", "env");
        var byArn = await Aws.JsonAsync("kinesis", "list-tags-for-resource", "--resource-arn", arn);

        Assert.Equal(["cost", "env"], first.GetProperty("Tags").EnumerateArray().Select(t => t.GetProperty("Key").GetString()!).ToArray());
        Assert.True(first.GetProperty("HasMoreTags").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments" }, Tags(rest));
        Assert.False(rest.GetProperty("HasMoreTags").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { ["cost"] = "42", ["env"] = "dev", ["team"] = "payments" }, Tags(byArn));
        Assert.Contains("InvalidArgumentException", await Aws.FailAsync("kinesis", "add-tags-to-stream", "--stream-name", "tagged", "--tags", "aws:owner=me"));
    }

    [Fact]
    public async Task Encryption_WithALocalKmsKey_IsReportedOnDescribePutAndGet_AndAnUnusableKeyIsRefused()
    {
        await CreateAsync("sealed");
        var key = (await Aws.JsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var disabled = (await Aws.JsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        await Aws.TextAsync("kms", "disable-key", "--key-id", disabled);

        var missing = await Aws.FailAsync("kinesis", "start-stream-encryption", "--stream-name", "sealed", "--encryption-type", "KMS", "--key-id", "alias/no-such-key");
        var off = await Aws.FailAsync("kinesis", "start-stream-encryption", "--stream-name", "sealed", "--encryption-type", "KMS", "--key-id", disabled);
        await Aws.JsonAsync("kinesis", "start-stream-encryption", "--stream-name", "sealed", "--encryption-type", "KMS", "--key-id", key);
        var described = (await Aws.JsonAsync("kinesis", "describe-stream", "--stream-name", "sealed")).GetProperty("StreamDescription");
        var put = await new AwsCli(cloud.Endpoint).JsonAsync([.. AwsCli.Base64BlobArgs, "kinesis", "put-record", "--stream-name", "sealed", "--partition-key", "p", "--data", AwsCli.Blob("secret")]);
        var iterator = (await Aws.JsonAsync("kinesis", "get-shard-iterator", "--stream-name", "sealed", "--shard-id", put.GetProperty("ShardId").GetString()!,
            "--shard-iterator-type", "TRIM_HORIZON")).GetProperty("ShardIterator").GetString()!;
        var record = (await Aws.JsonAsync("kinesis", "get-records", "--shard-iterator", iterator)).GetProperty("Records")[0];
        await Aws.JsonAsync("kinesis", "stop-stream-encryption", "--stream-name", "sealed", "--encryption-type", "KMS", "--key-id", key);
        var stopped = (await Aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "sealed")).GetProperty("StreamDescriptionSummary");

        Assert.Contains("KMSNotFoundException", missing);
        Assert.Contains("KMSDisabledException", off);
        Assert.Equal("KMS", described.GetProperty("EncryptionType").GetString());
        Assert.Equal(key, described.GetProperty("KeyId").GetString());
        Assert.Equal("KMS", put.GetProperty("EncryptionType").GetString());
        Assert.Equal("KMS", record.GetProperty("EncryptionType").GetString());
        Assert.Equal("NONE", stopped.GetProperty("EncryptionType").GetString());
        Assert.False(stopped.TryGetProperty("KeyId", out _));
    }

    [Fact]
    public async Task EnhancedMonitoring_AllThenOneOff_AnswersCurrentAndDesiredInAwsOrder()
    {
        await CreateAsync("watched");

        var enabled = await Aws.JsonAsync("kinesis", "enable-enhanced-monitoring", "--stream-name", "watched", "--shard-level-metrics", "ALL");
        var disabled = await Aws.JsonAsync("kinesis", "disable-enhanced-monitoring", "--stream-name", "watched", "--shard-level-metrics", "IncomingBytes", "IteratorAgeMilliseconds");
        var described = (await Aws.JsonAsync("kinesis", "describe-stream", "--stream-name", "watched")).GetProperty("StreamDescription");

        string[] all = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];
        Assert.Empty(enabled.GetProperty("CurrentShardLevelMetrics").EnumerateArray());
        Assert.Equal(all, enabled.GetProperty("DesiredShardLevelMetrics").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(all, disabled.GetProperty("CurrentShardLevelMetrics").EnumerateArray().Select(m => m.GetString()!).ToArray());
        string[] left = [.. all.Where(m => m is not ("IncomingBytes" or "IteratorAgeMilliseconds"))];
        Assert.Equal(left, disabled.GetProperty("DesiredShardLevelMetrics").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(left, described.GetProperty("EnhancedMonitoring")[0].GetProperty("ShardLevelMetrics").EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Fact]
    public async Task Consumers_RegisterDescribeListDeregister_WithAwsArnsAndCounts()
    {
        var arn = await CreateAsync("fanout");

        var registered = (await Aws.JsonAsync("kinesis", "register-stream-consumer", "--stream-arn", arn, "--consumer-name", "analytics")).GetProperty("Consumer");
        await Aws.JsonAsync("kinesis", "register-stream-consumer", "--stream-arn", arn, "--consumer-name", "audit");
        var again = await Aws.FailAsync("kinesis", "register-stream-consumer", "--stream-arn", arn, "--consumer-name", "analytics");
        var consumerArn = registered.GetProperty("ConsumerARN").GetString()!;
        var byArn = (await Aws.JsonAsync("kinesis", "describe-stream-consumer", "--consumer-arn", consumerArn)).GetProperty("ConsumerDescription");
        var byName = (await Aws.JsonAsync("kinesis", "describe-stream-consumer", "--stream-arn", arn, "--consumer-name", "analytics")).GetProperty("ConsumerDescription");
        var listed = (await Aws.JsonAsync("kinesis", "list-stream-consumers", "--stream-arn", arn)).GetProperty("Consumers");
        var count = (await Aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "fanout")).GetProperty("StreamDescriptionSummary").GetProperty("ConsumerCount").GetInt32();
        await Aws.JsonAsync("kinesis", "deregister-stream-consumer", "--consumer-arn", consumerArn);
        var gone = await Aws.FailAsync("kinesis", "describe-stream-consumer", "--consumer-arn", consumerArn);
        var left = (await Aws.JsonAsync("kinesis", "list-stream-consumers", "--stream-arn", arn)).GetProperty("Consumers");

        Assert.Matches(@"^arn:aws:kinesis:us-east-1:\d{12}:stream/fanout/consumer/analytics:\d+$", consumerArn);
        Assert.Equal("CREATING", registered.GetProperty("ConsumerStatus").GetString());
        Assert.Contains("ResourceInUseException", again);
        Assert.Equal("ACTIVE", byArn.GetProperty("ConsumerStatus").GetString());
        Assert.Equal(arn, byArn.GetProperty("StreamARN").GetString());
        Assert.Equal(consumerArn, byName.GetProperty("ConsumerARN").GetString());
        Assert.Equal(["analytics", "audit"], listed.EnumerateArray().Select(c => c.GetProperty("ConsumerName").GetString()!).ToArray());
        Assert.Equal(2, count);
        Assert.Contains("ResourceNotFoundException", gone);
        Assert.Equal(["audit"], left.EnumerateArray().Select(c => c.GetProperty("ConsumerName").GetString()!).ToArray());
    }

    [Fact]
    public async Task ResourcePolicy_PutGetDelete_AnswersAsAws()
    {
        var arn = await CreateAsync("governed");
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"kinesis:GetRecords","Resource":"{{arn}}"}]}""";

        var none = (await Aws.JsonAsync("kinesis", "get-resource-policy", "--resource-arn", arn)).GetProperty("Policy").GetString();
        var notJson = await Aws.FailAsync("kinesis", "put-resource-policy", "--resource-arn", arn, "--policy", "not json");
        await Aws.JsonAsync("kinesis", "put-resource-policy", "--resource-arn", arn, "--policy", policy);
        var kept = (await Aws.JsonAsync("kinesis", "get-resource-policy", "--resource-arn", arn)).GetProperty("Policy").GetString();
        await Aws.JsonAsync("kinesis", "delete-resource-policy", "--resource-arn", arn);
        var twice = await Aws.FailAsync("kinesis", "delete-resource-policy", "--resource-arn", arn);
        var unknown = await Aws.FailAsync("kinesis", "get-resource-policy", "--resource-arn", arn + "-missing");

        Assert.Equal("{}", none);
        Assert.Contains("InvalidArgumentException", notJson);
        Assert.Equal(policy, kept);
        Assert.Contains($"No resource policy found for resource ARN {arn}.", twice);
        Assert.Contains("ResourceNotFoundException", unknown);
    }

    [Fact]
    public async Task StreamMode_SwitchedToOnDemand_IsDescribedAndCountedInTheLimits()
    {
        var arn = await CreateAsync("switched");
        var before = await Aws.JsonAsync("kinesis", "describe-limits");

        await Aws.JsonAsync("kinesis", "update-stream-mode", "--stream-arn", arn, "--stream-mode-details", "StreamMode=ON_DEMAND");
        var mode = (await Aws.JsonAsync("kinesis", "describe-stream-summary", "--stream-name", "switched")).GetProperty("StreamDescriptionSummary").GetProperty("StreamModeDetails").GetProperty("StreamMode").GetString();
        var after = await Aws.JsonAsync("kinesis", "describe-limits");

        Assert.Equal("ON_DEMAND", mode);
        Assert.Equal(500, after.GetProperty("ShardLimit").GetInt32());
        Assert.Equal(50, after.GetProperty("OnDemandStreamCountLimit").GetInt32());
        Assert.Equal(before.GetProperty("OnDemandStreamCount").GetInt32() + 1, after.GetProperty("OnDemandStreamCount").GetInt32());
        Assert.True(after.GetProperty("OpenShardCount").GetInt32() >= 1);
    }
}
