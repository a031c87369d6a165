using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>A failure never loses an event: queues dead-letter, and in-flight messages are not redelivered early.</summary>
internal static class QueueRules
{
    private const int DefaultVisibilityTimeout = 30;
    private const int DefaultMessageRetention = 345600;
    private const int DefaultLambdaTimeout = 3;

    /// <summary>Queues that are dead-letter destinations: redrive targets and event-source on-failure destinations.</summary>
    public static HashSet<string> DeadLetterQueues(CfnTemplate template)
    {
        var dlqs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, queue) in template.ResourcesOfType(CfnTemplate.Queue))
        {
            // A queue redriving to itself is a broken source queue, not a dead-letter queue.
            if (CfnTemplate.ReferencedId(CfnTemplate.PropertiesOf(queue)["RedrivePolicy"]?["deadLetterTargetArn"], "Arn") is { } target &&
                target != id)
            {
                dlqs.Add(target);
            }
        }

        foreach (var mapping in EventSourceMappings(template))
        {
            if (CfnTemplate.ReferencedId(mapping.Properties["DestinationConfig"]?["OnFailure"]?["Destination"], "Arn") is { } target &&
                template.TypeOfId(target) == CfnTemplate.Queue)
            {
                dlqs.Add(target);
            }
        }

        return dlqs;
    }

    public static IReadOnlyList<string> MissingDeadLetterQueues(CfnTemplate template)
    {
        var violations = new List<string>();
        var dlqs = DeadLetterQueues(template);
        foreach (var (id, queue) in template.ResourcesOfType(CfnTemplate.Queue))
        {
            if (dlqs.Contains(id))
            {
                continue;
            }

            var properties = CfnTemplate.PropertiesOf(queue);
            var redrive = properties["RedrivePolicy"] as JsonObject;
            var target = CfnTemplate.ReferencedId(redrive?["deadLetterTargetArn"], "Arn");
            if (redrive is null || target is null)
            {
                violations.Add($"{template.Name}: queue {id} has no RedrivePolicy with deadLetterTargetArn !GetAtt <queue>.Arn");
                continue;
            }

            if (target == id || template.TypeOfId(target) != CfnTemplate.Queue)
            {
                violations.Add($"{template.Name}: queue {id} dead-letters to {target}, which is not another queue of the template");
                continue;
            }

            if (CfnTemplate.IntOf(redrive["maxReceiveCount"]) is not (>= 1 and <= 1000))
            {
                violations.Add($"{template.Name}: queue {id} needs a maxReceiveCount between 1 and 1000");
            }

            // Standard queues keep a message's first enqueue time in the DLQ: a shorter DLQ
            // retention would drop dead letters early.
            var sourceRetention = CfnTemplate.IntOf(properties["MessageRetentionPeriod"]) ?? DefaultMessageRetention;
            var dlqRetention = CfnTemplate.IntOf(CfnTemplate.PropertiesOf(template.Resource(target))["MessageRetentionPeriod"]) ?? DefaultMessageRetention;
            if (dlqRetention < sourceRetention)
            {
                violations.Add($"{template.Name}: {target} keeps messages {dlqRetention}s, less than its source {id} ({sourceRetention}s)");
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> ShortVisibilityTimeouts(CfnTemplate template)
    {
        var violations = new List<string>();
        foreach (var mapping in EventSourceMappings(template))
        {
            var queueId = CfnTemplate.ReferencedId(mapping.Properties["Queue"] ?? mapping.Properties["EventSourceArn"], "Arn");
            if (queueId is null || template.TypeOfId(queueId) != CfnTemplate.Queue)
            {
                continue;
            }

            var timeout = CfnTemplate.IntOf(template.FunctionProperty(template.Resource(mapping.FunctionId), "Timeout")) ?? DefaultLambdaTimeout;
            var visibility = CfnTemplate.IntOf(CfnTemplate.PropertiesOf(template.Resource(queueId))["VisibilityTimeout"]) ?? DefaultVisibilityTimeout;
            // AWS's guidance: six times the function timeout, plus the batching window (its largest
            // allowed value when a parameter sets it).
            var window = template.UpperBoundOf(mapping.Properties["MaximumBatchingWindowInSeconds"]) ?? 0;
            if (visibility < (6 * timeout) + window)
            {
                violations.Add($"{template.Name}: {queueId} VisibilityTimeout {visibility}s < 6 x {mapping.FunctionId} Timeout {timeout}s + batching window {window}s");
            }
        }

        return violations;
    }

    /// <summary>Every dead-letter queue has an alarm on its depth.</summary>
    public static IReadOnlyList<string> UnwatchedDeadLetterQueues(CfnTemplate template)
    {
        var watched = template.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Select(a => CfnTemplate.PropertiesOf(a.Resource))
            .Where(p => p["Namespace"]?.GetValue<string>() == "AWS/SQS" &&
                        p["MetricName"]?.GetValue<string>() == "ApproximateNumberOfMessagesVisible")
            .SelectMany(p => (p["Dimensions"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(d => d["Name"]?.GetValue<string>() == "QueueName")
            .Select(d => CfnTemplate.ReferencedId(d["Value"], "QueueName"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        return DeadLetterQueues(template)
            .Where(dlq => !watched.Contains(dlq))
            .Select(dlq => $"{template.Name}: no ApproximateNumberOfMessagesVisible alarm on dead-letter queue {dlq}")
            .ToList();
    }

    internal sealed record EventSourceMapping(string FunctionId, JsonObject Properties);

    /// <summary>SAM function events and plain AWS::Lambda::EventSourceMapping resources alike.</summary>
    internal static IEnumerable<EventSourceMapping> EventSourceMappings(CfnTemplate template)
    {
        foreach (var (id, function) in template.ResourcesOfType(CfnTemplate.ServerlessFunction))
        {
            foreach (var (_, evt) in CfnTemplate.PropertiesOf(function)["Events"] as JsonObject ?? [])
            {
                if (evt?["Type"]?.GetValue<string>() is "SQS" or "Kinesis" or "DynamoDB" &&
                    evt["Properties"] is JsonObject properties)
                {
                    yield return new EventSourceMapping(id, properties);
                }
            }
        }

        foreach (var (_, mapping) in template.ResourcesOfType("AWS::Lambda::EventSourceMapping"))
        {
            var properties = CfnTemplate.PropertiesOf(mapping);
            if (CfnTemplate.ReferencedId(properties["FunctionName"]) is { } functionId)
            {
                yield return new EventSourceMapping(functionId, properties);
            }
        }
    }
}
