using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// Tags (TagResource, UntagResource, ListTagsForResource), AddPermission and RemovePermission (statements
/// of the topic's <c>Policy</c> attribute) and the data protection policy of a topic.
/// </summary>
internal sealed partial class SnsService
{
    private const int MaxTagsPerTopic = 50;

    private SnsTopic TaggedResource(string arn)
    {
        if (arn.Length is < 1 or > 1011)
        {
            // The model's AmazonResourceName bounds, checked as AWS's request validation does, before any lookup.
            throw new AwsServiceException("ValidationError",
                $"1 validation error detected: Value '{arn}' at 'resourceArn' failed to satisfy constraint: Member must have length {(arn.Length < 1 ? "greater than or equal to 1" : "less than or equal to 1011")}");
        }
        return _topics.TryGetValue(arn, out var topic) ? topic : throw new AwsServiceException("ResourceNotFound", "Resource does not exist", 404);
    }

    public void TagResource(string arn, IReadOnlyDictionary<string, string> tags)
    {
        var topic = TaggedResource(arn);
        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw SnsErrors.InvalidParameter("Tags Reason: tag keys are 1 to 128 characters and values at most 256");
            }
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw SnsErrors.InvalidParameter($"Tags Reason: the key {key} uses the reserved aws: prefix");
            }
        }
        lock (topic.Gate)
        {
            var next = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
            {
                next[key] = value;
            }
            if (next.Count > MaxTagsPerTopic)
            {
                throw new AwsServiceException("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
            }
            topic.Tags = next;
        }
        SaveTopic(topic);
    }

    public void UntagResource(string arn, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            throw new AwsServiceException("ValidationError", "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        var topic = TaggedResource(arn);
        lock (topic.Gate)
        {
            var next = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                next.Remove(key);
            }
            topic.Tags = next;
        }
        SaveTopic(topic);
    }

    public IReadOnlyList<KeyValuePair<string, string>> ListTagsForResource(string arn)
    {
        var topic = TaggedResource(arn);
        lock (topic.Gate)
        {
            return [.. topic.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
        }
    }

    /// <summary>AddPermission: a statement named <paramref name="label"/> allowing the accounts the SNS actions.</summary>
    public void AddPermission(string topicArn, string label, IReadOnlyList<string> accounts, IReadOnlyList<string> actions)
    {
        var topic = Topic(topicArn);
        if (accounts.Count == 0 || actions.Count == 0)
        {
            throw SnsErrors.InvalidParameter(accounts.Count == 0 ? "AWSAccountId" : "ActionName");
        }
        var model = ServiceModel.For("sns");
        foreach (var action in actions)
        {
            if (model is not null && !model.Has(action))
            {
                throw new AwsServiceException("InvalidParameter", "Policy statement action out of service scope!");
            }
        }
        lock (topic.Gate)
        {
            var policy = CurrentPolicy(topic);
            if (policy.Has(label))
            {
                throw new AwsServiceException("InvalidParameter", "Statement already exists");
            }
            policy.Allow(label, [.. accounts.Select(a => a.StartsWith("arn:", StringComparison.Ordinal) ? a : $"arn:{_options.Partition}:iam::{a}:root")],
                [.. actions.Select(a => "SNS:" + a)], topic.Arn);
            topic.Attributes["Policy"] = policy.ToString();
        }
        SaveTopic(topic);
    }

    /// <summary>RemovePermission: the statement named <paramref name="label"/> goes; a label the policy does not have changes nothing.</summary>
    public void RemovePermission(string topicArn, string label)
    {
        var topic = Topic(topicArn);
        lock (topic.Gate)
        {
            var policy = CurrentPolicy(topic);
            if (!policy.Remove(label))
            {
                return;
            }
            topic.Attributes["Policy"] = policy.ToString();
        }
        SaveTopic(topic);
    }

    private PolicyDocument CurrentPolicy(SnsTopic topic) =>
        PolicyDocument.Parse(topic.Attributes.TryGetValue("Policy", out var set) && set.Length > 0 ? set : DefaultPolicy(topic.Arn))
            ?? throw SnsErrors.InvalidParameter("Policy Reason: the topic's policy is not a document AddPermission can change; set it with SetTopicAttributes");

    /// <summary>GetDataProtectionPolicy: the topic's policy, or an empty string when it has none.</summary>
    public string GetDataProtectionPolicy(string arn)
    {
        var topic = Topic(arn);
        lock (topic.Gate)
        {
            return topic.Attributes.TryGetValue("DataProtectionPolicy", out var policy) ? policy : "";
        }
    }

    public void PutDataProtectionPolicy(string arn, string policy)
    {
        try
        {
            using var _ = JsonDocument.Parse(policy);
        }
        catch (JsonException)
        {
            throw SnsErrors.InvalidParameter("DataProtectionPolicy Reason: failed to parse JSON.");
        }
        SetTopicAttribute(arn, "DataProtectionPolicy", policy);
    }
}
