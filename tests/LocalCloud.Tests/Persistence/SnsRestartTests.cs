using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>SNS on a data directory: topics, subscriptions and FIFO de-duplication survive a SIGKILL of the host.</summary>
public sealed class SnsRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    [Fact]
    public async Task FifoTopic_HostKilledAndRestarted_AttributesSubscriptionFilterAndDeduplicationKept()
    {
        AwsCli.RequireInstalled();
        string topicArn, subscriptionArn, firstId, firstSequence;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            topicArn = (await aws.JsonAsync("sns", "create-topic", "--name", "orders.fifo",
                "--attributes", """{"FifoTopic":"true","ContentBasedDeduplication":"true","DisplayName":"Orders"}""")).GetProperty("TopicArn").GetString()!;
            await aws.JsonAsync("sns", "set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "DisplayName", "--attribute-value", "Kept orders");
            var queueUrl = (await aws.JsonAsync("sqs", "create-queue", "--queue-name", "orders.fifo", "--attributes", """{"FifoQueue":"true"}""")).GetProperty("QueueUrl").GetString()!;
            var queueArn = (await aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")).GetProperty("Attributes").GetProperty("QueueArn").GetString()!;
            subscriptionArn = (await aws.JsonAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn,
                "--attributes", """{"RawMessageDelivery":"true","FilterPolicyScope":"MessageBody","FilterPolicy":"{\"order\":{\"state\":[\"placed\"]}}"}""",
                "--return-subscription-arn")).GetProperty("SubscriptionArn").GetString()!;
            var unsubscribed = (await aws.JsonAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs",
                "--notification-endpoint", queueArn.Replace("orders.fifo", "other.fifo", StringComparison.Ordinal), "--return-subscription-arn")).GetProperty("SubscriptionArn").GetString()!;
            await aws.JsonAsync("sns", "unsubscribe", "--subscription-arn", unsubscribed);
            var published = await aws.JsonAsync("sns", "publish", "--topic-arn", topicArn, "--message", """{"order":{"state":"placed","id":1}}""",
                "--message-group-id", "g", "--message-deduplication-id", "order-1");
            firstId = published.GetProperty("MessageId").GetString()!;
            firstSequence = published.GetProperty("SequenceNumber").GetString()!;
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var topics = (await again.JsonAsync("sns", "list-topics")).GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("TopicArn").GetString()).ToList();
        var topic = (await again.JsonAsync("sns", "get-topic-attributes", "--topic-arn", topicArn)).GetProperty("Attributes");
        var subscriptions = (await again.JsonAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topicArn)).GetProperty("Subscriptions").EnumerateArray()
            .Select(s => s.GetProperty("SubscriptionArn").GetString()).ToList();
        var subscription = (await again.JsonAsync("sns", "get-subscription-attributes", "--subscription-arn", subscriptionArn)).GetProperty("Attributes");
        var retried = await again.JsonAsync("sns", "publish", "--topic-arn", topicArn, "--message", """{"order":{"state":"placed","id":1}}""",
            "--message-group-id", "g", "--message-deduplication-id", "order-1");
        await again.JsonAsync("sns", "publish", "--topic-arn", topicArn, "--message", """{"order":{"state":"cancelled","id":2}}""", "--message-group-id", "g");
        var next = await again.JsonAsync("sns", "publish", "--topic-arn", topicArn, "--message", """{"order":{"state":"placed","id":3}}""", "--message-group-id", "g");
        var keptQueueUrl = (await again.JsonAsync("sqs", "get-queue-url", "--queue-name", "orders.fifo")).GetProperty("QueueUrl").GetString()!;
        var received = await again.JsonAsync("sqs", "receive-message", "--queue-url", keptQueueUrl, "--max-number-of-messages", "10");

        Assert.Equal([topicArn], topics);
        Assert.Equal("Kept orders", topic.GetProperty("DisplayName").GetString());
        Assert.Equal("true", topic.GetProperty("ContentBasedDeduplication").GetString());
        Assert.Equal("true", topic.GetProperty("FifoTopic").GetString());
        Assert.Equal([subscriptionArn], subscriptions);
        Assert.Equal("true", subscription.GetProperty("RawMessageDelivery").GetString());
        Assert.Equal("MessageBody", subscription.GetProperty("FilterPolicyScope").GetString());
        Assert.Equal("""{"order":{"state":["placed"]}}""", subscription.GetProperty("FilterPolicy").GetString());
        // The retry inside the five-minute window answers the first publish and delivers nothing new.
        Assert.Equal(firstId, retried.GetProperty("MessageId").GetString());
        Assert.Equal(firstSequence, retried.GetProperty("SequenceNumber").GetString());
        // Sequence numbers go on from where the killed host stopped.
        Assert.True(decimal.Parse(next.GetProperty("SequenceNumber").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > decimal.Parse(firstSequence, System.Globalization.CultureInfo.InvariantCulture));
        // The filter still holds: the cancelled order is dropped; raw delivery still gives the bare message.
        Assert.Equal(["""{"order":{"state":"placed","id":1}}""", """{"order":{"state":"placed","id":3}}"""],
            received.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()).ToList());
    }

    [Fact]
    public async Task DeleteTopic_HostKilledAndRestarted_TopicAndSubscriptionsStayDeleted()
    {
        AwsCli.RequireInstalled();
        string topicArn;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            topicArn = (await aws.JsonAsync("sns", "create-topic", "--name", "gone")).GetProperty("TopicArn").GetString()!;
            await aws.JsonAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:q");
            await aws.JsonAsync("sns", "delete-topic", "--topic-arn", topicArn);
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var error = await again.FailAsync("sns", "get-topic-attributes", "--topic-arn", topicArn);
        var subscriptions = await again.JsonAsync("sns", "list-subscriptions");

        Assert.Contains("NotFound", error, StringComparison.Ordinal);
        Assert.Empty(subscriptions.GetProperty("Subscriptions").EnumerateArray());
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
