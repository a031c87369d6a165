using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>ARNs carry the partition of their region (aws-cn, aws-us-gov, ...), as AWS makes them, and work as such.</summary>
public sealed class PartitionArnTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private readonly AwsCli _aws = new(cloud.Endpoint);

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-central-2", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    [InlineData("eu-isoe-west-1", "aws-iso-e")]
    [InlineData("us-isof-south-1", "aws-iso-f")]
    public void Of_Region_IsItsPartition(string region, string partition) => Assert.Equal(partition, AwsPartitions.Of(region));

    [Fact]
    public async Task InChina_EveryServiceMakesAwsCnArns_AndSnsDeliversToAQueueNamedByOne()
    {
        AwsCli.RequireInstalled();
        string[] cn = ["--region", "cn-north-1"];

        var queueUrl = (await _aws.JsonAsync([.. cn, "sqs", "create-queue", "--queue-name", "cn-orders"])).GetProperty("QueueUrl").GetString()!;
        var queueArn = (await _aws.JsonAsync([.. cn, "sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn"])).GetProperty("Attributes").GetProperty("QueueArn").GetString()!;
        var topicArn = (await _aws.JsonAsync([.. cn, "sns", "create-topic", "--name", "cn-events"])).GetProperty("TopicArn").GetString()!;
        var subscription = (await _aws.JsonAsync([.. cn, "sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn, "--attributes", "RawMessageDelivery=true"]))
            .GetProperty("SubscriptionArn").GetString()!;
        await _aws.JsonAsync([.. cn, "sns", "publish", "--topic-arn", topicArn, "--message", "hello from cn"]);
        var received = await _aws.JsonAsync([.. cn, "sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "10"]);
        await _aws.JsonAsync([.. cn, "kinesis", "create-stream", "--stream-name", "cn-stream", "--shard-count", "1"]);
        var streamArn = (await _aws.JsonAsync([.. cn, "kinesis", "describe-stream-summary", "--stream-name", "cn-stream"])).GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString()!;
        var machineArn = (await _aws.JsonAsync([.. cn, "stepfunctions", "create-state-machine", "--name", "cn-machine", "--role-arn", "arn:aws-cn:iam::000000000000:role/r",
            "--definition", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"""])).GetProperty("stateMachineArn").GetString()!;
        await _aws.JsonAsync([.. cn, "logs", "create-log-group", "--log-group-name", "cn-group"]);
        var groupArn = (await _aws.JsonAsync([.. cn, "logs", "describe-log-groups", "--log-group-name-prefix", "cn-group"])).GetProperty("logGroups")[0].GetProperty("arn").GetString()!;
        var keyArn = (await _aws.JsonAsync([.. cn, "kms", "create-key"])).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var govTopic = (await _aws.JsonAsync("--region", "us-gov-west-1", "sns", "create-topic", "--name", "gov-events")).GetProperty("TopicArn").GetString()!;

        Assert.Equal("arn:aws-cn:sqs:cn-north-1:000000000000:cn-orders", queueArn);
        Assert.Equal("arn:aws-cn:sns:cn-north-1:000000000000:cn-events", topicArn);
        Assert.StartsWith(topicArn + ":", subscription, StringComparison.Ordinal);
        Assert.Equal("hello from cn", received.GetProperty("Messages")[0].GetProperty("Body").GetString());
        Assert.Equal("arn:aws-cn:kinesis:cn-north-1:000000000000:stream/cn-stream", streamArn);
        Assert.Equal("arn:aws-cn:states:cn-north-1:000000000000:stateMachine:cn-machine", machineArn);
        Assert.StartsWith("arn:aws-cn:logs:cn-north-1:000000000000:log-group:cn-group", groupArn, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws-cn:kms:cn-north-1:000000000000:key/", keyArn, StringComparison.Ordinal);
        Assert.Equal("arn:aws-us-gov:sns:us-gov-west-1:000000000000:gov-events", govTopic);
    }
}
