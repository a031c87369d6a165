using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>Subscriptions and their attributes (raw delivery, filter policy and its scope).</summary>
internal sealed partial class SnsService
{
    public string Subscribe(string topicArn, string protocol, string? endpoint, IReadOnlyDictionary<string, string>? attributes)
    {
        var topic = Topic(topicArn);
        if (protocol != "sqs")
        {
            throw SnsErrors.InvalidParameter($"Invalid protocol type: {protocol}");
        }
        if (endpoint is null || endpoint.Split(':') is not ["arn", var partition, "sqs", _, _, _] || !partition.StartsWith("aws", StringComparison.Ordinal))
        {
            throw SnsErrors.InvalidParameter("SQS endpoint ARN");
        }
        if (!topic.IsFifo && endpoint.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SnsErrors.InvalidParameter("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
        }
        var subscription = new SnsSubscription($"{topicArn}:{Guid.NewGuid()}", topicArn, protocol, endpoint);
        if (attributes is not null)
        {
            // The scope goes first: whether a nested policy is allowed depends on it.
            foreach (var (name, value) in attributes.OrderBy(a => a.Key == "FilterPolicyScope" ? 0 : 1))
            {
                ApplySubscriptionAttribute(subscription, name, value, "Attributes Reason: ");
            }
        }
        lock (_subscribeGate)
        {
            // Subscribing the same endpoint twice answers the existing subscription, as AWS does.
            var existing = _subscriptions.Values.FirstOrDefault(s => s.TopicArn == topicArn && s.Protocol == protocol && s.Endpoint == endpoint);
            if (existing is not null)
            {
                return existing.Arn;
            }
            _subscriptions[subscription.Arn] = subscription;
            SaveSubscription(subscription);
            return subscription.Arn;
        }
    }

    public void Unsubscribe(string subscriptionArn)
    {
        if (_subscriptions.TryRemove(subscriptionArn, out _))
        {
            _store?.DeleteSubscription(_options.Region, subscriptionArn);
        }
        else if (subscriptionArn.Split(':').Length != 7)
        {
            throw SnsErrors.InvalidParameter("SubscriptionArn");
        }
    }

    public IReadOnlyList<SnsSubscription> ListSubscriptions(string? topicArn)
    {
        if (topicArn is not null)
        {
            _ = Topic(topicArn);
        }
        return _subscriptions.Values.Where(s => topicArn is null || s.TopicArn == topicArn).OrderBy(s => s.Arn, StringComparer.Ordinal).ToList();
    }

    private SnsSubscription Subscription(string arn) => _subscriptions.TryGetValue(arn, out var s) ? s : throw SnsErrors.SubscriptionNotFound();

    public Dictionary<string, string> GetSubscriptionAttributes(string subscriptionArn)
    {
        var s = Subscription(subscriptionArn);
        lock (s.Gate)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ConfirmationWasAuthenticated"] = "true",
                ["Endpoint"] = s.Endpoint,
                ["Owner"] = _options.AccountId,
                ["PendingConfirmation"] = "false",
                ["Protocol"] = s.Protocol,
                ["RawMessageDelivery"] = s.RawMessageDelivery ? "true" : "false",
                ["SubscriptionArn"] = s.Arn,
                ["SubscriptionPrincipal"] = $"arn:{_options.Partition}:iam::{_options.AccountId}:user/local",
                ["TopicArn"] = s.TopicArn,
            };
            if (s.FilterPolicyJson is not null)
            {
                result["FilterPolicy"] = s.FilterPolicyJson;
                result["FilterPolicyScope"] = s.FilterPolicyScope;
            }
            foreach (var (k, v) in s.OtherAttributes)
            {
                result[k] = v;
            }
            return result;
        }
    }

    public void SetSubscriptionAttribute(string subscriptionArn, string name, string? value)
    {
        var subscription = Subscription(subscriptionArn);
        ApplySubscriptionAttribute(subscription, name, value ?? "", "");
        SaveSubscription(subscription);
    }

    private static void ApplySubscriptionAttribute(SnsSubscription s, string name, string value, string reasonPrefix)
    {
        lock (s.Gate)
        {
            switch (name)
            {
                case "RawMessageDelivery":
                    s.RawMessageDelivery = value.ToLowerInvariant() switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw SnsErrors.InvalidParameter($"{reasonPrefix}RawMessageDelivery: Invalid value [{value}]. Must be true or false."),
                    };
                    break;
                case "FilterPolicyScope":
                    if (value is not ("MessageAttributes" or "MessageBody"))
                    {
                        throw SnsErrors.InvalidParameter($"{reasonPrefix}FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes");
                    }
                    if (value == "MessageAttributes" && s.FilterPolicy is { IsNested: true })
                    {
                        throw SnsErrors.InvalidParameter("Filter policy scope MessageAttributes does not support nested filter policy");
                    }
                    s.FilterPolicyScope = value;
                    break;
                case "FilterPolicy":
                    if (value.Length == 0)
                    {
                        s.FilterPolicy = null;
                        s.FilterPolicyJson = null;
                        break;
                    }
                    FilterPolicy policy;
                    try
                    {
                        policy = FilterPolicy.Parse(value);
                    }
                    catch (FilterPolicyException e)
                    {
                        throw SnsErrors.InvalidParameter($"{reasonPrefix}FilterPolicy: {e.Message}");
                    }
                    if (policy.IsNested && s.FilterPolicyScope == "MessageAttributes")
                    {
                        throw SnsErrors.InvalidParameter("Filter policy scope MessageAttributes does not support nested filter policy");
                    }
                    s.FilterPolicy = policy;
                    s.FilterPolicyJson = value;
                    break;
                case "RedrivePolicy" or "DeliveryPolicy" or "ReplayPolicy":
                    string? deadLetter = null;
                    if (value.Length > 0)
                    {
                        try
                        {
                            using var parsed = JsonDocument.Parse(value);
                            if (name == "RedrivePolicy")
                            {
                                deadLetter = parsed.RootElement.ValueKind == JsonValueKind.Object
                                    && parsed.RootElement.TryGetProperty("deadLetterTargetArn", out var arn) && arn.ValueKind == JsonValueKind.String
                                    ? arn.GetString()
                                    : throw SnsErrors.InvalidParameter($"{reasonPrefix}RedrivePolicy: deadLetterTargetArn is missing");
                            }
                        }
                        catch (JsonException)
                        {
                            throw SnsErrors.InvalidParameter($"{reasonPrefix}{name}: failed to parse JSON.");
                        }
                    }
                    if (name == "RedrivePolicy")
                    {
                        if (deadLetter is not null && s.TopicArn.EndsWith(".fifo", StringComparison.Ordinal) && s.Endpoint.EndsWith(".fifo", StringComparison.Ordinal)
                            && !deadLetter.EndsWith(".fifo", StringComparison.Ordinal))
                        {
                            // AWS words this one without the "Attributes Reason: " of Subscribe's other attribute errors.
                            throw SnsErrors.InvalidParameter("RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.");
                        }
                        s.DeadLetterTargetArn = deadLetter;
                    }
                    s.OtherAttributes[name] = value;
                    break;
                case "SubscriptionRoleArn":
                    s.OtherAttributes[name] = value;
                    break;
                default:
                    throw SnsErrors.InvalidParameter("AttributeName");
            }
        }
    }
}
