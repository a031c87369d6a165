using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Live properties, read from the services' own state, in the template's terms (drift detection).</summary>
internal sealed partial class StackDeployer
{
    /// <summary>What the template says, in the terms of <see cref="ReadLiveAsync"/> (a state machine's definition as text, not its file).</summary>
    public JsonObject Expected(TemplateResource? resource, DeployedResource deployed)
    {
        var properties = deployed.Properties?.DeepClone() as JsonObject ?? [];
        var where = (resource?.Where ?? deployed.LogicalId) + ".Properties";
        if (deployed.Type == ResourceTypes.ServerlessStateMachine)
        {
            properties["Definition"] = JsonNode.Parse(Substitute(Definition(properties, where), properties, where));
            properties.Remove("DefinitionUri");
            properties.Remove("DefinitionSubstitutions");
        }
        else if (deployed.Type == ResourceTypes.StateMachine)
        {
            // Compared under the property the template gives the definition with.
            var definition = JsonNode.Parse(Substitute(PlainDefinition(properties, where), properties, where));
            var key = properties.ContainsKey("DefinitionString") ? "DefinitionString" : "Definition";
            properties.Remove("DefinitionS3Location");
            properties.Remove("DefinitionSubstitutions");
            properties.Remove("DefinitionString");
            properties[key] = definition;
        }
        return properties;
    }

    /// <summary>The resource's live properties (only those the service keeps), or null when it no longer exists.</summary>
    /// <exception cref="NotSupportedException">The type is recorded only; nothing live can be read (drift NOT_CHECKED).</exception>
    public async Task<JsonObject?> ReadLiveAsync(DeployedResource resource, CancellationToken cancellationToken)
    {
        if (resource.Status != ResourceStatus.Created)
        {
            throw new NotSupportedException(resource.Type);
        }
        try
        {
            switch (resource.Type)
            {
                case ResourceTypes.SqsQueue:
                    var attributes = _targets.Sqs.GetQueueAttributes(resource.PhysicalId, ["All"]);
                    return Live(s_queueAttributes.Where(attributes.ContainsKey).Select(n => (n, (JsonNode?)attributes[n])));
                case ResourceTypes.SnsTopic:
                    var topic = _targets.Sns.GetTopicAttributes(resource.PhysicalId);
                    return Live(s_topicAttributes.Where(topic.ContainsKey).Select(n => (n, (JsonNode?)topic[n])));
                case ResourceTypes.KinesisStream:
                    var stream = _targets.Kinesis.Stream(resource.PhysicalId, null);
                    return Live([("ShardCount", stream.Shards.Count), ("RetentionPeriodHours", stream.RetentionHours)]);
                case ResourceTypes.ServerlessStateMachine or ResourceTypes.StateMachine:
                    var request = new JsonObject { ["stateMachineArn"] = resource.PhysicalId };
                    var response = await _targets.StepFunctions.HandleAsync("DescribeStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode != 200)
                    {
                        return null;
                    }
                    var body = JsonNode.Parse(response.Body)!;
                    var definition = body["definition"]!.GetValue<string>();
                    return resource.Type == ResourceTypes.StateMachine
                        ? Live([("Definition", JsonNode.Parse(definition)), ("DefinitionString", JsonNode.Parse(definition)), ("RoleArn", body["roleArn"]?.DeepClone()), ("StateMachineType", body["type"]?.DeepClone())])
                        : Live([("Definition", JsonNode.Parse(definition)), ("Role", body["roleArn"]?.DeepClone()), ("Type", body["type"]?.DeepClone())]);
                default:
                    throw new NotSupportedException(resource.Type);
            }
        }
        catch (AwsServiceException e) when (e.Code.Contains("NotFound", StringComparison.Ordinal) || e.Code.Contains("NonExistent", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static JsonObject Live(IEnumerable<(string Name, JsonNode? Value)> values)
    {
        var live = new JsonObject();
        foreach (var (name, value) in values)
        {
            live[name] = value;
        }
        return live;
    }

    /// <summary>Numbers, booleans and JSON given as text compare by value, as CloudFormation's drift detection does.</summary>
    public static bool SameValue(JsonNode? expected, JsonNode? actual)
    {
        if (JsonNode.DeepEquals(expected, actual))
        {
            return true;
        }
        var e = Normal(expected);
        var a = Normal(actual);
        return JsonNode.DeepEquals(e, a);
    }

    private static JsonNode? Normal(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }
            if (bool.TryParse(text, out var flag))
            {
                return JsonValue.Create(flag);
            }
            if (text.StartsWith('{') || text.StartsWith('['))
            {
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    return node;
                }
            }
        }
        if (node is JsonValue other && other.TryGetValue<decimal>(out var n))
        {
            return JsonValue.Create(n);
        }
        return node?.DeepClone();
    }
}
