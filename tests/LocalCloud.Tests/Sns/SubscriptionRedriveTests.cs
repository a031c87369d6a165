using System.Text.Json;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>A subscription's RedrivePolicy catches what its queue cannot take (recorded: the queue was deleted).</summary>
public sealed class SubscriptionRedriveTests
{
    private static readonly JsonElement s_snapshot = RecordedSnapshots.Load("sns/test_sns.snapshot.json");

    private static async Task<SqsReceivedMessage> DeadLetterAfterEndpointDeletedAsync(bool raw)
    {
        var rig = new MessagingRig();
        var dlq = rig.Sqs.CreateQueue("sub-dlq", null, null);
        var (queue, subscription) = rig.Subscribe(raw: raw);
        rig.Sns.SetSubscriptionAttribute(subscription, "RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:sub-dlq"}""");
        rig.Sqs.DeleteQueue(queue);

        rig.Sns.Publish(rig.TopicArn, new SnsPublishRequest("test_dlq_after_sqs_endpoint_deleted")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                ["attr1"] = new("Number", "111", null),
                ["attr2"] = new("Binary", null, [2, 3, 4]),
            },
        });

        return Assert.Single(await rig.DrainAsync(dlq));
    }

    private static JsonElement Recorded(bool raw) =>
        RecordedSnapshots.Test(s_snapshot, $"test_redrive_policy_sqs_queue_subscription[{(raw ? "True" : "False")}]").GetProperty("messages").GetProperty("Messages")[0];

    [Fact]
    public async Task EndpointGone_EnvelopeDelivery_LandsInDeadLetterQueueAsRecorded()
    {
        var message = await DeadLetterAfterEndpointDeletedAsync(raw: false);

        var recorded = Recorded(raw: false).GetProperty("Body");
        var body = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal(recorded.EnumerateObject().Select(p => p.Name), body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(recorded.GetProperty("Message").GetString(), body.GetProperty("Message").GetString());
        Assert.Equal(
            recorded.GetProperty("MessageAttributes").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("Type").GetString(), p.Value.GetProperty("Value").GetString())),
            body.GetProperty("MessageAttributes").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("Type").GetString(), p.Value.GetProperty("Value").GetString())));
        Assert.Empty(message.MessageAttributes);
    }

    [Fact]
    public async Task EndpointGone_RawDelivery_LandsInDeadLetterQueueAsRecorded()
    {
        var message = await DeadLetterAfterEndpointDeletedAsync(raw: true);

        var recorded = Recorded(raw: true);
        Assert.Equal(recorded.GetProperty("Body").GetString(), message.Body);
        Assert.Equal("111", message.MessageAttributes["attr1"].StringValue);
        Assert.Equal(new byte[] { 2, 3, 4 }, message.MessageAttributes["attr2"].BinaryValue);
        Assert.Equal(recorded.GetProperty("MessageAttributes").EnumerateObject().Select(p => p.Name).Order(), message.MessageAttributes.Keys.Order());
    }

    [Fact]
    public void RedrivePolicy_WithoutTarget_IsRefused()
    {
        var rig = new MessagingRig();
        var (_, subscription) = rig.Subscribe();

        Assert.Throws<Sluice.LocalCloud.Protocol.AwsServiceException>(() => rig.Sns.SetSubscriptionAttribute(subscription, "RedrivePolicy", """{"maxReceiveCount":3}"""));
        Assert.Throws<Sluice.LocalCloud.Protocol.AwsServiceException>(() => rig.Sns.SetSubscriptionAttribute(subscription, "RedrivePolicy", "{nope"));
    }
}
