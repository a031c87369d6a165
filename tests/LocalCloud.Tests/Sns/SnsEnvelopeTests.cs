using System.Text.Json;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>The notification envelope against bodies AWS delivered (TestData/aws-recorded/sns).</summary>
public sealed class SnsEnvelopeTests
{
    private static readonly JsonElement s_sns = RecordedSnapshots.Load("sns/test_sns.snapshot.json");
    private static readonly JsonElement s_filter = RecordedSnapshots.Load("sns/test_sns_filter_policy.snapshot.json");

    private static IEnumerable<JsonElement> RecordedNotifications(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("Body", out var body) && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("Type", out var type) && type.GetString() == "Notification")
            {
                yield return body;
            }
            foreach (var p in e.EnumerateObject())
            {
                foreach (var b in RecordedNotifications(p.Value))
                {
                    yield return b;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                foreach (var b in RecordedNotifications(item))
                {
                    yield return b;
                }
            }
        }
    }

    private static string Compact(JsonElement e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            e.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<string> Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Publish_WithSubjectAndAttributes_EnvelopeHasAwsMemberOrder()
    {
        var rig = new MessagingRig();
        var (queue, subscription) = rig.Subscribe();
        rig.Sns.Publish(rig.TopicArn, new SnsPublishRequest("test_message_after") { Subject = "test-subject-after-sub" });
        rig.Publish("message-1", ("store", "Number", "99"), ("def", "Number", "99"));

        var bodies = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();

        var recordedWithSubject = RecordedNotifications(s_sns).First(b => b.TryGetProperty("Subject", out _) && !b.TryGetProperty("MessageAttributes", out _));
        var recordedWithAttributes = RecordedNotifications(s_filter).First(b => b.TryGetProperty("MessageAttributes", out var a) && a.TryGetProperty("store", out _));
        Assert.Equal(Keys(recordedWithSubject), Keys(bodies[0]));
        Assert.Equal(Keys(recordedWithAttributes), Keys(bodies[1]));
        Assert.Equal(Keys(recordedWithAttributes.GetProperty("MessageAttributes")), Keys(bodies[1].GetProperty("MessageAttributes")));
        Assert.Equal(Compact(recordedWithAttributes.GetProperty("MessageAttributes")), Compact(bodies[1].GetProperty("MessageAttributes")));
        Assert.Equal(rig.TopicArn, bodies[0].GetProperty("TopicArn").GetString());
        Assert.Equal("1", bodies[0].GetProperty("SignatureVersion").GetString());
        Assert.EndsWith($"/?Action=Unsubscribe&SubscriptionArn={subscription}", bodies[0].GetProperty("UnsubscribeURL").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(bodies[0].GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void AttributeOrder_FollowsJavaHashMap_AsInEveryRecordedEnvelope()
    {
        var recorded = RecordedNotifications(s_sns).Concat(RecordedNotifications(s_filter))
            // Dead-letter copies carry attributes SNS adds itself (ErrorCode, RequestID), written by another path.
            .Where(b => b.TryGetProperty("MessageAttributes", out var a) && a.EnumerateObject().Count() > 1 && !a.TryGetProperty("ErrorCode", out _))
            .Select(b => Keys(b.GetProperty("MessageAttributes")))
            .ToList();

        Assert.NotEmpty(recorded);
        foreach (var keys in recorded)
        {
            // Any insertion order gives the same bucket order unless keys share a bucket; none of the recorded ones do.
            Assert.Equal(keys, SnsEnvelope.JavaHashMapOrder([.. keys.AsEnumerable().Reverse()]));
        }
    }

    [Fact]
    public async Task Publish_FifoTopic_EnvelopeHasSequenceNumberAndNoSignature()
    {
        var rig = new MessagingRig();
        var topic = rig.Sns.CreateTopic("t.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "true" }, null);
        var queue = rig.Sqs.CreateQueue("q.fifo", new Dictionary<string, string> { ["FifoQueue"] = "true" }, null);
        rig.Sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:q.fifo", null);

        var first = rig.Sns.Publish(topic, new SnsPublishRequest("Test") { MessageGroupId = "g" });
        var duplicate = rig.Sns.Publish(topic, new SnsPublishRequest("Test") { MessageGroupId = "g" });
        var bodies = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();

        var recorded = RecordedNotifications(s_sns).First(b => b.TryGetProperty("SequenceNumber", out _));
        Assert.Equal(first.MessageId, duplicate.MessageId);
        Assert.Equal(Keys(recorded), Keys(Assert.Single(bodies)));
        Assert.Equal(first.SequenceNumber, bodies[0].GetProperty("SequenceNumber").GetString());
    }

    [Theory]
    [InlineData(true, null, "test_message_to_fifo_sqs[True]")]
    [InlineData(false, "message-deduplication-id-1", "test_message_to_fifo_sqs[False]")]
    public async Task Publish_FifoTopicToFifoQueue_TheQueueKeepsTheDeduplicationIdAwsRecorded(bool contentBased, string? deduplicationId, string recordedTest)
    {
        var rig = new MessagingRig();
        var topic = rig.Sns.CreateTopic("t.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = contentBased ? "true" : "false" }, null);
        var queue = rig.Sqs.CreateQueue("q.fifo", new Dictionary<string, string> { ["FifoQueue"] = "true" }, null);
        rig.Sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:q.fifo", null);

        rig.Sns.Publish(topic, new SnsPublishRequest("Test") { MessageGroupId = "message-group-id-1", MessageDeduplicationId = deduplicationId });
        var received = Assert.Single(await rig.Sqs.ReceiveMessageAsync(queue, new Sluice.LocalCloud.Sqs.SqsReceiveRequest { MaxNumberOfMessages = 10, AttributeNames = ["All"] }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10)));

        var recorded = RecordedSnapshots.Test(s_sns, "TestSNSSubscriptionSQSFifo::" + recordedTest).GetProperty("messages").GetProperty("Messages")[0].GetProperty("Attributes");
        Assert.Equal(recorded.GetProperty("MessageDeduplicationId").GetString(), received.Attributes["MessageDeduplicationId"]);
        Assert.Equal("message-group-id-1", received.Attributes["MessageGroupId"]);
    }

    [Fact]
    public void FifoValidations_RefusedWithTheErrorsAwsRecorded()
    {
        var rig = new MessagingRig();
        var recorded = RecordedSnapshots.Test(s_sns, "TestSNSSubscriptionSQSFifo::test_validations_for_fifo");
        var fifoTopic = rig.Sns.CreateTopic("v.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, null);
        var standardTopic = rig.Sns.CreateTopic("v-standard", null, null);
        rig.Sqs.CreateQueue("v.fifo", new Dictionary<string, string> { ["FifoQueue"] = "true" }, null);
        rig.Sqs.CreateQueue("v-dlq", null, null);
        const string FifoQueue = "arn:aws:sqs:us-east-1:000000000000:v.fifo";

        var cases = new Dictionary<string, Action>
        {
            ["not-fifo-topic"] = () => rig.Sns.Subscribe(standardTopic, "sqs", FifoQueue, null),
            ["regular-queue-for-dlq-of-fifo-topic"] = () => rig.Sns.Subscribe(fifoTopic, "sqs", FifoQueue,
                new Dictionary<string, string> { ["RedrivePolicy"] = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:v-dlq"}""" }),
            ["no-msg-group-id"] = () => rig.Sns.Publish(fifoTopic, new SnsPublishRequest("m") { MessageDeduplicationId = "d" }),
            ["no-dedup-policy"] = () => rig.Sns.Publish(fifoTopic, new SnsPublishRequest("m") { MessageGroupId = "g" }),
            ["no-msg-dedup-regular-topic"] = () => rig.Sns.Publish(standardTopic, new SnsPublishRequest("m") { MessageDeduplicationId = "d" }),
        };

        foreach (var (name, call) in cases)
        {
            var error = Assert.Throws<Sluice.LocalCloud.Protocol.AwsServiceException>(call);
            var expected = recorded.GetProperty(name).GetProperty("Error");
            Assert.Equal((expected.GetProperty("Code").GetString(), expected.GetProperty("Message").GetString()), (error.Code, error.Message));
        }
    }

    [Fact]
    public async Task Publish_RawDelivery_BodyIsTheMessageAndAttributesBecomeSqsAttributes()
    {
        var rig = new MessagingRig();
        var (queue, _) = rig.Subscribe(raw: true);

        rig.Publish("""{"id":"e1"}""", ("type", "String", "order.placed"), ("subject", "String", "o-1"));

        var message = Assert.Single(await rig.DrainAsync(queue));
        Assert.Equal("""{"id":"e1"}""", message.Body);
        Assert.Equal("order.placed", message.MessageAttributes["type"].StringValue);
        Assert.Equal("o-1", message.MessageAttributes["subject"].StringValue);
        Assert.NotNull(message.Md5OfMessageAttributes);
    }
}
