using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>Every SQS action of the issue through the real AWS CLI (v1 speaks JSON to SQS, v2.9 the query protocol).</summary>
public sealed class SqsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private readonly AwsCli _aws = new(cloud.Endpoint);

    [Fact]
    public async Task QueueLifecycle_EveryQueueAction_Works()
    {
        AwsCli.RequireInstalled();
        var url = (await _aws.JsonAsync("sqs", "create-queue", "--queue-name", "cli-life", "--attributes", "VisibilityTimeout=40")).GetProperty("QueueUrl").GetString()!;

        var byName = await _aws.JsonAsync("sqs", "get-queue-url", "--queue-name", "cli-life");
        var listed = await _aws.JsonAsync("sqs", "list-queues", "--queue-name-prefix", "cli-");
        await _aws.JsonAsync("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "DelaySeconds=3");
        var attributes = await _aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
        await _aws.JsonAsync("sqs", "send-message", "--queue-url", url, "--message-body", "to-purge");
        await _aws.JsonAsync("sqs", "purge-queue", "--queue-url", url);
        await _aws.JsonAsync("sqs", "delete-queue", "--queue-url", url);
        var gone = await _aws.FailAsync("sqs", "get-queue-url", "--queue-name", "cli-life");

        Assert.Equal(url, byName.GetProperty("QueueUrl").GetString());
        Assert.Contains(listed.GetProperty("QueueUrls").EnumerateArray(), u => u.GetString() == url);
        Assert.Equal("40", attributes.GetProperty("Attributes").GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("3", attributes.GetProperty("Attributes").GetProperty("DelaySeconds").GetString());
        Assert.Contains("NonExistentQueue", gone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_EveryMessageAction_Works()
    {
        AwsCli.RequireInstalled();
        var url = (await _aws.JsonAsync("sqs", "create-queue", "--queue-name", "cli-messages")).GetProperty("QueueUrl").GetString()!;

        var sent = await _aws.JsonAsync("sqs", "send-message", "--queue-url", url, "--message-body", "one",
            "--message-attributes", """{"kind":{"DataType":"String","StringValue":"k"}}""");
        var batch = await _aws.JsonAsync("sqs", "send-message-batch", "--queue-url", url, "--entries", """[{"Id":"a","MessageBody":"two"},{"Id":"b","MessageBody":"three"}]""");
        var received = await _aws.JsonAsync("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10",
            "--attribute-names", "All", "--message-attribute-names", "All", "--wait-time-seconds", "1");
        var messages = received.GetProperty("Messages").EnumerateArray().ToList();
        var handles = messages.Select(m => m.GetProperty("ReceiptHandle").GetString()!).ToList();
        await _aws.JsonAsync("sqs", "change-message-visibility", "--queue-url", url, "--receipt-handle", handles[0], "--visibility-timeout", "0");
        var changed = await _aws.JsonAsync("sqs", "change-message-visibility-batch", "--queue-url", url, "--entries",
            $$"""[{"Id":"x","ReceiptHandle":"{{handles[1]}}","VisibilityTimeout":120}]""");
        var again = await _aws.JsonAsync("sqs", "receive-message", "--queue-url", url, "--attribute-names", "ApproximateReceiveCount");
        await _aws.JsonAsync("sqs", "delete-message", "--queue-url", url, "--receipt-handle", again.GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString()!);
        var deleted = await _aws.JsonAsync("sqs", "delete-message-batch", "--queue-url", url, "--entries",
            $$"""[{"Id":"y","ReceiptHandle":"{{handles[1]}}"},{"Id":"z","ReceiptHandle":"{{handles[2]}}"}]""");
        var attributes = await _aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible");

        Assert.Equal(32, sent.GetProperty("MD5OfMessageBody").GetString()!.Length);
        Assert.Equal(2, batch.GetProperty("Successful").GetArrayLength());
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.TryGetProperty("MessageAttributes", out var a) && a.GetProperty("kind").GetProperty("StringValue").GetString() == "k");
        Assert.Equal(1, changed.GetProperty("Successful").GetArrayLength());
        Assert.Equal("2", again.GetProperty("Messages")[0].GetProperty("Attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(2, deleted.GetProperty("Successful").GetArrayLength());
        Assert.Equal("0", attributes.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString());
        Assert.Equal("0", attributes.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessagesNotVisible").GetString());
    }
}
