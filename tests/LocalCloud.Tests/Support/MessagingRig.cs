using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>SNS wired to SQS in-process, with helpers to subscribe a fresh queue and drain it.</summary>
internal sealed class MessagingRig
{
    public MessagingRig(TimeProvider? clock = null)
    {
        var options = new LocalCloudOptions { Port = 0, Clock = clock ?? TimeProvider.System };
        Sqs = new SqsService(options);
        Sns = new SnsService(options, Sqs);
        TopicArn = Sns.CreateTopic("topic-" + Guid.NewGuid().ToString("N")[..8], null, null);
    }

    public SqsService Sqs { get; }

    public SnsService Sns { get; }

    public string TopicArn { get; }

    /// <summary>A new queue subscribed to the topic; returns its URL and the subscription ARN.</summary>
    public (string QueueUrl, string SubscriptionArn) Subscribe(string? filterPolicy = null, string scope = "MessageAttributes", bool raw = false)
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..8];
        var url = Sqs.CreateQueue(name, null, null);
        var attributes = new Dictionary<string, string> { ["FilterPolicyScope"] = scope, ["RawMessageDelivery"] = raw ? "true" : "false" };
        if (filterPolicy is not null)
        {
            attributes["FilterPolicy"] = filterPolicy;
        }
        var arn = Sns.Subscribe(TopicArn, "sqs", $"arn:aws:sqs:us-east-1:000000000000:{name}", attributes);
        return (url, arn);
    }

    public void Publish(string message, params (string Name, string Type, string Value)[] attributes) =>
        Sns.Publish(TopicArn, new SnsPublishRequest(message)
        {
            MessageAttributes = attributes.ToDictionary(a => a.Name, a => new SnsAttributeValue(a.Type, a.Value, null)),
        });

    /// <summary>Every message body waiting in the queue (deleted as read).</summary>
    public async Task<List<SqsReceivedMessage>> DrainAsync(string queueUrl)
    {
        var all = new List<SqsReceivedMessage>();
        while (true)
        {
            var batch = await Sqs.ReceiveMessageAsync(queueUrl, new SqsReceiveRequest { MaxNumberOfMessages = 10, MessageAttributeNames = ["All"] }, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(10));
            if (batch.Count == 0)
            {
                return all;
            }
            foreach (var m in batch)
            {
                all.Add(m);
                Sqs.DeleteMessage(queueUrl, m.ReceiptHandle);
            }
        }
    }
}
