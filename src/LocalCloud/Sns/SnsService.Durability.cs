using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Sns;

/// <summary>The data directory: the kept topics, subscriptions and FIFO de-duplication are loaded, and every change is written through.</summary>
internal sealed partial class SnsService
{
    private void Load(DurableStore store)
    {
        var stored = store.LoadSns(_options.Region);
        foreach (var kept in stored.Topics)
        {
            var topic = new SnsTopic(kept.Name, kept.Arn, kept.IsFifo) { Tags = kept.Tags, SequenceNumber = kept.Sequence };
            foreach (var (key, value) in kept.Attributes)
            {
                topic.Attributes[key] = value;
            }
            _topics[kept.Arn] = topic;
        }
        foreach (var kept in stored.Subscriptions)
        {
            var subscription = new SnsSubscription(kept.Arn, kept.TopicArn, kept.Protocol, kept.Endpoint);
            // The scope goes first, as on Subscribe: whether a nested policy is allowed depends on it.
            foreach (var (name, value) in kept.Attributes.OrderBy(a => a.Key == "FilterPolicyScope" ? 0 : 1))
            {
                ApplySubscriptionAttribute(subscription, name, value, "");
            }
            _subscriptions[kept.Arn] = subscription;
        }
        foreach (var kept in stored.Deduplication)
        {
            _fifoDedup[kept.Key] = (new SnsPublishResult(kept.MessageId, kept.SequenceNumber), kept.ExpiresAt);
        }
    }

    private void SaveTopic(SnsTopic topic)
    {
        if (_store is null)
        {
            return;
        }
        Dictionary<string, string> attributes;
        Dictionary<string, string> tags;
        lock (topic.Gate)
        {
            attributes = new Dictionary<string, string>(topic.Attributes, StringComparer.Ordinal);
            tags = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
        }
        _store.SaveTopic(_options.Region, topic.Arn, topic.Name, topic.IsFifo, attributes, tags);
    }

    private void SaveSubscription(SnsSubscription subscription)
    {
        if (_store is null)
        {
            return;
        }
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        lock (subscription.Gate)
        {
            attributes["RawMessageDelivery"] = subscription.RawMessageDelivery ? "true" : "false";
            attributes["FilterPolicyScope"] = subscription.FilterPolicyScope;
            if (subscription.FilterPolicyJson is not null)
            {
                attributes["FilterPolicy"] = subscription.FilterPolicyJson;
            }
            foreach (var (key, value) in subscription.OtherAttributes)
            {
                attributes[key] = value;
            }
        }
        _store.SaveSubscription(_options.Region, subscription.Arn, subscription.TopicArn, subscription.Protocol, subscription.Endpoint, attributes);
    }
}
