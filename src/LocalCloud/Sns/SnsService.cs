using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Sns;

/// <summary>SNS as a plain object: topics, subscriptions, filter policies and delivery to this host's queues.</summary>
internal sealed partial class SnsService
{
    private const int MaxMessageBytes = 262144;
    private readonly ConcurrentDictionary<string, SnsTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SnsSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SnsPublishResult Result, long ExpiresAt)> _fifoDedup = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;
    private readonly SqsService _sqs;
    private readonly DurableStore? _store;
    private readonly object _subscribeGate = new();

    /// <param name="store">The data directory's store: the topics and subscriptions it keeps are loaded, every change is written through; null keeps them in memory.</param>
    public SnsService(LocalCloudOptions options, SqsService sqs, DurableStore? store = null)
    {
        _options = options;
        _sqs = sqs;
        _store = store;
        Endpoint = $"http://127.0.0.1:{options.Port}";
        if (store is not null)
        {
            Load(store);
        }
    }

    /// <summary>Where each published CloudEvent went (the console's order path); in memory, bounded.</summary>
    public SnsTrail Trail { get; } = new();

    /// <summary>Base of the UnsubscribeURL in notifications; set by the host once it knows its port.</summary>
    public string Endpoint { get; set; }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicNamePattern();

    private static readonly HashSet<string> s_topicAttributes = new(StringComparer.Ordinal)
    {
        "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig",
        "ContentBasedDeduplication", "FifoTopic", "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
    };

    public string CreateTopic(string name, IReadOnlyDictionary<string, string>? attributes, IReadOnlyDictionary<string, string>? tags)
    {
        attributes ??= new Dictionary<string, string>();
        var isFifo = attributes.TryGetValue("FifoTopic", out var fifo) && fifo.Equals("true", StringComparison.OrdinalIgnoreCase);
        var baseName = name.EndsWith(".fifo", StringComparison.Ordinal) ? name[..^5] : name;
        if (!TopicNamePattern().IsMatch(baseName) || name.Length > 256)
        {
            throw SnsErrors.InvalidParameter("Topic Name");
        }
        if (isFifo != name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SnsErrors.InvalidParameter(isFifo ? "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
                : "Topic Name");
        }
        foreach (var (key, value) in attributes)
        {
            ValidateTopicAttribute(key, value, isFifo);
        }
        var arn = $"arn:{_options.Partition}:sns:{_options.Region}:{_options.AccountId}:{name}";
        var topic = _topics.GetOrAdd(arn, _ => new SnsTopic(name, arn, isFifo));
        lock (topic.Gate)
        {
            foreach (var (key, value) in attributes)
            {
                topic.Attributes[key] = value;
            }
            if (tags is not null)
            {
                foreach (var (key, value) in tags)
                {
                    topic.Tags[key] = value;
                }
            }
        }
        SaveTopic(topic);
        return arn;
    }

    private static void ValidateTopicAttribute(string name, string value, bool isFifo)
    {
        if (!s_topicAttributes.Contains(name))
        {
            throw SnsErrors.InvalidParameter("AttributeName");
        }
        if (name == "ContentBasedDeduplication" && !isFifo)
        {
            throw SnsErrors.InvalidParameter("Attributes Reason: Content-based deduplication can only be set for FIFO topics");
        }
        if (name is "Policy" or "DeliveryPolicy" or "ArchivePolicy" && value.Length > 0)
        {
            try
            {
                using var _ = JsonDocument.Parse(value);
            }
            catch (JsonException)
            {
                throw SnsErrors.InvalidParameter($"Attributes Reason: {name}: failed to parse JSON.");
            }
        }
    }

    public void DeleteTopic(string topicArn)
    {
        if (_topics.TryRemove(topicArn, out _))
        {
            foreach (var sub in _subscriptions.Values.Where(s => s.TopicArn == topicArn).ToList())
            {
                _subscriptions.TryRemove(sub.Arn, out _);
            }
            _store?.DeleteTopic(_options.Region, topicArn);
        }
    }

    public IReadOnlyList<string> ListTopics() => _topics.Keys.Order(StringComparer.Ordinal).ToList();

    public SnsTopic Topic(string topicArn) => _topics.TryGetValue(topicArn, out var t) ? t : throw SnsErrors.TopicNotFound();

    public Dictionary<string, string> GetTopicAttributes(string topicArn)
    {
        var topic = Topic(topicArn);
        var subs = _subscriptions.Values.Count(s => s.TopicArn == topicArn);
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DisplayName"] = "",
            ["Owner"] = _options.AccountId,
            ["Policy"] = DefaultPolicy(topicArn),
            ["SubscriptionsConfirmed"] = subs.ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsDeleted"] = "0",
            ["SubscriptionsPending"] = "0",
            ["TopicArn"] = topicArn,
            ["EffectiveDeliveryPolicy"] = """{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}""",
        };
        if (topic.IsFifo)
        {
            result["FifoTopic"] = "true";
            result["ContentBasedDeduplication"] = "false";
        }
        lock (topic.Gate)
        {
            foreach (var (k, v) in topic.Attributes)
            {
                result[k] = v;
            }
        }
        return result;
    }

    private string DefaultPolicy(string topicArn) =>
        $$$$"""{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"{{{{topicArn}}}}","Condition":{"StringEquals":{"AWS:SourceOwner":"{{{{_options.AccountId}}}}"}}}]}""";

    public void SetTopicAttribute(string topicArn, string name, string? value)
    {
        var topic = Topic(topicArn);
        if (name == "FifoTopic")
        {
            throw SnsErrors.InvalidParameter("AttributeName");
        }
        ValidateTopicAttribute(name, value ?? "", topic.IsFifo);
        lock (topic.Gate)
        {
            topic.Attributes[name] = value ?? "";
        }
        SaveTopic(topic);
    }
}
