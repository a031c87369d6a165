using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class StackDeployer
{
    private static readonly string[] s_queueAttributes =
    [
        "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds",
        "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    ];

    private static readonly string[] s_topicAttributes =
    [
        "DisplayName", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication", "SignatureVersion", "TracingConfig",
        "ArchivePolicy", "DeliveryPolicy", "DataProtectionPolicy", "FifoThroughputScope",
    ];

    private static readonly string[] s_subscriptionAttributes =
    [
        "RawMessageDelivery", "FilterPolicyScope", "FilterPolicy", "RedrivePolicy", "DeliveryPolicy", "ReplayPolicy", "SubscriptionRoleArn",
    ];

    /// <summary>Protocols whose recipients are outside any local service: accepted, listed, not delivered to.</summary>
    private static readonly HashSet<string> s_externalProtocols = new(StringComparer.Ordinal) { "email", "email-json", "sms" };

    private DeployedResource Stream(TemplateResource resource, JsonObject properties, string where)
    {
        var name = Name(resource, properties, "Name", where, 128);
        var mode = TemplateValues.OptionalObject(properties, "StreamModeDetails", where) is { } details
            ? TemplateValues.OptionalText(details, "StreamMode", where + ".StreamModeDetails") ?? "PROVISIONED"
            : "PROVISIONED";
        var shards = TemplateValues.OptionalInt(properties, "ShardCount", where);
        _targets.Kinesis.CreateStream(name, shards, mode);
        var stream = _targets.Kinesis.Stream(name, null);
        if (TemplateValues.OptionalInt(properties, "RetentionPeriodHours", where) is { } hours && hours != stream.RetentionHours)
        {
            _targets.Kinesis.SetRetention(stream, hours, increase: hours > stream.RetentionHours);
        }
        return Created(resource, name, ("Arn", stream.Arn));
    }

    private DeployedResource Queue(TemplateResource resource, JsonObject properties, string where)
    {
        var fifo = TemplateValues.OptionalBool(properties, "FifoQueue", where) == true;
        var name = Name(resource, properties, "QueueName", where, 80, fifo ? ".fifo" : "");
        var url = _targets.Sqs.CreateQueue(name, Attributes(properties, s_queueAttributes, where), TemplateValues.Tags(properties, where));
        var queue = _targets.Sqs.Resolve(url);
        return Created(resource, url, ("Arn", queue.Arn), ("QueueName", queue.Name), ("QueueUrl", url));
    }

    private DeployedResource QueuePolicy(TemplateResource resource, JsonObject properties, string where)
    {
        var policy = properties["PolicyDocument"] is { } document
            ? TemplateValues.JsonText(document, where + ".PolicyDocument")
            : throw new TemplateException($"{where}: PolicyDocument is required");
        var queues = TemplateValues.StringList(properties, "Queues", where);
        if (queues.Count == 0)
        {
            throw new TemplateException($"{where}: Queues must name at least one queue URL");
        }
        foreach (var url in queues)
        {
            _targets.Sqs.SetQueueAttributes(url, new Dictionary<string, string> { ["Policy"] = policy });
        }
        return Created(resource, PhysicalNames.Generate(Settings.StackName, resource.LogicalId, 255), ("Id", resource.LogicalId));
    }

    private DeployedResource Topic(TemplateResource resource, JsonObject properties, string where)
    {
        var fifo = TemplateValues.OptionalBool(properties, "FifoTopic", where) == true;
        var name = Name(resource, properties, "TopicName", where, 256, fifo ? ".fifo" : "");
        var arn = _targets.Sns.CreateTopic(name, Attributes(properties, s_topicAttributes, where), TemplateValues.Tags(properties, where));
        return Created(resource, arn, ("TopicArn", arn), ("TopicName", name));
    }

    private DeployedResource Subscription(TemplateResource resource, JsonObject properties, string where)
    {
        var topicArn = TemplateValues.OptionalText(properties, "TopicArn", where) ?? throw new TemplateException($"{where}: TopicArn is required");
        var protocol = TemplateValues.OptionalText(properties, "Protocol", where) ?? throw new TemplateException($"{where}: Protocol is required");
        var endpoint = TemplateValues.OptionalText(properties, "Endpoint", where);
        if (TemplateValues.OptionalText(properties, "Region", where) is { } region && region != Settings.Region)
        {
            throw new TemplateException($"{where}.Region: cross-region subscriptions ({region}) are not supported by the local cloud");
        }
        if (s_externalProtocols.Contains(protocol))
        {
            _ = _targets.Sns.Topic(topicArn);
            var arn = $"{topicArn}:{PhysicalNames.DeterministicId(Settings.StackName, Seed(resource))}";
            return new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.NotEmulated, arn, new Dictionary<string, string> { ["Arn"] = arn })
            {
                Note = $"{protocol} subscription to {endpoint}: nothing is sent outside the local cloud",
            };
        }
        if (protocol != "sqs")
        {
            throw new TemplateException($"{where}.Protocol: {protocol} subscriptions are not supported by the local cloud (sqs is; email, email-json and sms are acknowledged)");
        }
        var subscription = _targets.Sns.Subscribe(topicArn, protocol, endpoint, Attributes(properties, s_subscriptionAttributes, where));
        return Created(resource, subscription, ("Arn", subscription));
    }

    /// <summary>The properties that are service attributes, as the strings the service API takes (mappings as JSON text).</summary>
    private static Dictionary<string, string> Attributes(JsonObject properties, IEnumerable<string> names, string where)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (properties[name] is { } value)
            {
                attributes[name] = TemplateValues.JsonText(value, $"{where}.{name}");
            }
        }
        return attributes;
    }
}
