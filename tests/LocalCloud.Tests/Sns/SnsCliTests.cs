using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>Every SNS action of the issue through the real AWS CLI (query protocol), delivery checked on SQS.</summary>
public sealed class SnsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private readonly AwsCli _aws = new(cloud.Endpoint);

    [Fact]
    public async Task TopicsSubscriptionsAndPublish_EveryAction_Works()
    {
        AwsCli.RequireInstalled();
        var topic = (await _aws.JsonAsync("sns", "create-topic", "--name", "cli-topic")).GetProperty("TopicArn").GetString()!;
        var url = (await _aws.JsonAsync("sqs", "create-queue", "--queue-name", "cli-sub")).GetProperty("QueueUrl").GetString()!;
        var subscription = (await _aws.JsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs",
            "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:cli-sub",
            "--attributes", """{"FilterPolicy":"{\"type\":[\"order.placed\"]}"}""")).GetProperty("SubscriptionArn").GetString()!;

        var topics = await _aws.JsonAsync("sns", "list-topics");
        await _aws.JsonAsync("sns", "set-topic-attributes", "--topic-arn", topic, "--attribute-name", "DisplayName", "--attribute-value", "Orders");
        var topicAttributes = await _aws.JsonAsync("sns", "get-topic-attributes", "--topic-arn", topic);
        var all = await _aws.JsonAsync("sns", "list-subscriptions");
        var byTopic = await _aws.JsonAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topic);
        await _aws.JsonAsync("sns", "set-subscription-attributes", "--subscription-arn", subscription, "--attribute-name", "RawMessageDelivery", "--attribute-value", "true");
        var subscriptionAttributes = await _aws.JsonAsync("sns", "get-subscription-attributes", "--subscription-arn", subscription);
        await _aws.JsonAsync("sns", "publish", "--topic-arn", topic, "--message", "placed",
            "--message-attributes", """{"type":{"DataType":"String","StringValue":"order.placed"}}""");
        var batch = await _aws.JsonAsync("sns", "publish-batch", "--topic-arn", topic, "--publish-batch-request-entries",
            """[{"Id":"1","Message":"other","MessageAttributes":{"type":{"DataType":"String","StringValue":"order.rejected"}}},{"Id":"2","Message":"placed-2","MessageAttributes":{"type":{"DataType":"String","StringValue":"order.placed"}}}]""");
        var received = await _aws.JsonAsync("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10", "--message-attribute-names", "All", "--wait-time-seconds", "1");
        await _aws.JsonAsync("sns", "unsubscribe", "--subscription-arn", subscription);
        var afterUnsubscribe = await _aws.JsonAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topic);
        await _aws.JsonAsync("sns", "delete-topic", "--topic-arn", topic);
        var missing = await _aws.FailAsync("sns", "get-topic-attributes", "--topic-arn", topic);

        Assert.Contains(topics.GetProperty("Topics").EnumerateArray(), t => t.GetProperty("TopicArn").GetString() == topic);
        Assert.Equal("Orders", topicAttributes.GetProperty("Attributes").GetProperty("DisplayName").GetString());
        Assert.Contains(all.GetProperty("Subscriptions").EnumerateArray(), s => s.GetProperty("SubscriptionArn").GetString() == subscription);
        Assert.Equal(subscription, byTopic.GetProperty("Subscriptions")[0].GetProperty("SubscriptionArn").GetString());
        Assert.Equal("true", subscriptionAttributes.GetProperty("Attributes").GetProperty("RawMessageDelivery").GetString());
        Assert.Equal(2, batch.GetProperty("Successful").GetArrayLength());
        Assert.Equal(["placed", "placed-2"], received.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()).Order());
        Assert.Equal(0, afterUnsubscribe.GetProperty("Subscriptions").GetArrayLength());
        Assert.Contains("NotFound", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_BadInput_GetsAwsErrors()
    {
        AwsCli.RequireInstalled();
        var topic = (await _aws.JsonAsync("sns", "create-topic", "--name", "cli-errors")).GetProperty("TopicArn").GetString()!;

        var badPolicy = await _aws.FailAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:x",
            "--attributes", """{"FilterPolicy":"{\"key\":[{\"numeric\":[\">\",3,\"<\",1]}]}"}""");
        var badStructure = await _aws.FailAsync("sns", "publish", "--topic-arn", topic, "--message", "{\"sqs\":\"x\"}", "--message-structure", "json");

        Assert.Contains("Bottom must be less than top", badPolicy, StringComparison.Ordinal);
        Assert.Contains("No default entry in JSON message body", badStructure, StringComparison.Ordinal);
        using var _ = JsonDocument.Parse("{}");
    }
}
