using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Sns;

/// <summary>Publish: validation, FIFO de-duplication, filter policies and delivery to SQS.</summary>
internal sealed partial class SnsService
{
    public SnsPublishResult Publish(string topicArn, SnsPublishRequest request)
    {
        var topic = Topic(topicArn);
        var (defaultMessage, sqsMessage) = Validate(topic, request);
        var now = _options.Clock.GetUtcNow();
        string? dedupKey = null;
        if (topic.IsFifo)
        {
            var dedupId = request.MessageDeduplicationId
                ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Message!)));
            dedupKey = topic.Arn + "\n" + dedupId;
            // A FIFO queue receives the message under this id, the sender's or the content's hash, as AWS delivers it.
            request = request with { MessageDeduplicationId = dedupId };
            if (_fifoDedup.TryGetValue(dedupKey, out var seen) && seen.ExpiresAt > now.ToUnixTimeMilliseconds())
            {
                return seen.Result;
            }
        }
        var sequence = topic.IsFifo
            ? (10_000_000_000_000_000_000m + Interlocked.Increment(ref topic.SequenceNumber)).ToString(CultureInfo.InvariantCulture)
            : null;
        var result = new SnsPublishResult(Guid.NewGuid().ToString(), sequence);
        if (dedupKey is not null)
        {
            _fifoDedup[dedupKey] = (result, now.ToUnixTimeMilliseconds() + 5 * 60 * 1000);
        }
        var trail = Trail.Begin(result.MessageId, topic.Arn, now, sqsMessage ?? defaultMessage);
        foreach (var subscription in _subscriptions.Values.Where(s => s.TopicArn == topic.Arn).OrderBy(s => s.Arn, StringComparer.Ordinal))
        {
            Deliver(topic, subscription, request, sqsMessage ?? defaultMessage, result, now, trail);
        }
        if (dedupKey is not null && _store is not null)
        {
            // After delivery: a crash before this commit leaves an unacknowledged publish whose retry is delivered
            // again (at least once), never an acknowledged one whose messages were not delivered.
            _store.PutFifoPublish(_options.Region, topic.Arn, Interlocked.Read(ref topic.SequenceNumber), dedupKey, result.MessageId, result.SequenceNumber,
                now.ToUnixTimeMilliseconds() + 5 * 60 * 1000);
        }
        return result;
    }

    private static (string Default, string? Sqs) Validate(SnsTopic topic, SnsPublishRequest request)
    {
        if (string.IsNullOrEmpty(request.Message))
        {
            throw SnsErrors.InvalidParameter("Empty message");
        }
        if (Encoding.UTF8.GetByteCount(request.Message) > MaxMessageBytes)
        {
            throw SnsErrors.InvalidParameter("Message too long");
        }
        if (request.Subject is { } subject && (subject.Length is 0 or >= 100 || subject.Any(char.IsControl)))
        {
            throw SnsErrors.InvalidParameter("Subject");
        }
        foreach (var (name, value) in request.MessageAttributes)
        {
            ValidateAttribute(name, value);
        }
        if (!topic.IsFifo && request.MessageDeduplicationId is not null)
        {
            throw SnsErrors.InvalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }
        if (topic.IsFifo)
        {
            if (request.MessageGroupId is null)
            {
                throw SnsErrors.InvalidParameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (request.MessageDeduplicationId is null && !topic.ContentBasedDeduplication)
            {
                throw SnsErrors.InvalidParameter("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
        }
        if (request.MessageStructure is null)
        {
            return (request.Message, null);
        }
        if (request.MessageStructure != "json")
        {
            throw SnsErrors.InvalidParameter("MessageStructure");
        }
        try
        {
            using var doc = JsonDocument.Parse(request.Message);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("default", out var fallback) || fallback.ValueKind != JsonValueKind.String)
            {
                throw SnsErrors.InvalidParameter("Message Structure - No default entry in JSON message body");
            }
            var sqs = doc.RootElement.TryGetProperty("sqs", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return (fallback.GetString()!, sqs);
        }
        catch (JsonException)
        {
            throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    private static void ValidateAttribute(string name, SnsAttributeValue value)
    {
        var baseType = value.DataType == "String.Array" ? "String.Array" : value.DataType.Split('.', 2)[0];
        if (baseType is not ("String" or "String.Array" or "Number" or "Binary"))
        {
            throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
        if (baseType == "Binary" ? value.BinaryValue is null : string.IsNullOrEmpty(value.StringValue))
        {
            throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{baseType}'.");
        }
        if (baseType == "Number" && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw SnsErrors.InvalidParameterValue($"Could not cast message attribute '{name}' value to number.");
        }
        if (baseType == "String.Array")
        {
            try
            {
                using var doc = JsonDocument.Parse(value.StringValue!);
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonException();
                }
            }
            catch (JsonException)
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' with type 'String.Array' has invalid value.");
            }
        }
    }

    private void Deliver(SnsTopic topic, SnsSubscription subscription, SnsPublishRequest request, string message, SnsPublishResult result, DateTimeOffset now, SnsTrail.Entry? trail)
    {
        FilterPolicy? policy;
        string scope;
        bool raw;
        string? deadLetter;
        lock (subscription.Gate)
        {
            policy = subscription.FilterPolicy;
            scope = subscription.FilterPolicyScope;
            raw = subscription.RawMessageDelivery;
            deadLetter = subscription.DeadLetterTargetArn;
        }
        if (policy is not null)
        {
            var lookup = scope == "MessageBody" ? FilterPolicyScope.Body(message) : FilterPolicyScope.Attributes(request.MessageAttributes);
            if (lookup is null || !policy.Matches(lookup))
            {
                trail?.Add(new SnsTrail.Delivery(subscription.Arn, "filtered", null, null));
                return;
            }
        }
        var body = raw
            ? message
            : SnsEnvelope.Build(result.MessageId, topic.Arn, request.Subject, message, now, result.SequenceNumber, subscription.Arn, Endpoint, _options.Region, request.MessageAttributes);
        var attributes = raw && request.MessageAttributes.Count > 0
            ? request.MessageAttributes.ToDictionary(a => a.Key, a => new SqsAttributeValue(a.Value.DataType, a.Value.StringValue, a.Value.BinaryValue), StringComparer.Ordinal)
            : null;
        if (TrySend(_sqs.FindByArn(subscription.Endpoint), body, attributes, request, result) is { } delivered)
        {
            trail?.Add(new SnsTrail.Delivery(subscription.Arn, "delivered", subscription.Endpoint, delivered));
            return;
        }
        // What the endpoint cannot take goes to the subscription's dead-letter queue, as it would have been delivered.
        var deadLettered = deadLetter is null ? null : TrySend(_sqs.FindByArn(deadLetter), body, attributes, request, result);
        trail?.Add(deadLettered is null
            ? new SnsTrail.Delivery(subscription.Arn, "refused", null, null)
            : new SnsTrail.Delivery(subscription.Arn, "dead-lettered", deadLetter, deadLettered));
    }

    /// <returns>The SQS message id, or null when the queue is missing or refused the message.</returns>
    private string? TrySend(SqsQueue? queue, string body, Dictionary<string, SqsAttributeValue>? attributes, SnsPublishRequest request, SnsPublishResult result)
    {
        if (queue is null)
        {
            return null;
        }
        try
        {
            return _sqs.Send(queue, new SqsSendRequest(body)
            {
                MessageAttributes = attributes,
                MessageGroupId = queue.IsFifo ? request.MessageGroupId ?? result.MessageId : null,
                DeduplicationId = queue.IsFifo ? request.MessageDeduplicationId ?? result.MessageId : null,
            }).MessageId;
        }
        catch (AwsServiceException)
        {
            // As in AWS, a message the queue refuses (too large, too many attributes) is not delivered there.
            return null;
        }
    }
}
