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
        else if (deployed.Type == ResourceTypes.S3Bucket && properties["Tags"] is JsonArray tags)
        {
            properties["Tags"] = SortedTags(tags);
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
                    return Live([("ShardCount", stream.OpenShards.Count), ("RetentionPeriodHours", stream.RetentionHours)]);
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
                case ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction:
                    return LiveFunction(resource);
                case ResourceTypes.EventSourceMapping:
                    return LiveMapping(resource);
                case ResourceTypes.S3Bucket:
                    return LiveBucket(resource);
                default:
                    throw new NotSupportedException(resource.Type);
            }
        }
        catch (AwsServiceException e) when (e.Code.Contains("NotFound", StringComparison.Ordinal) || e.Code.Contains("NonExistent", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>
    /// A function's settings as the local Lambda keeps them, under the template's names (the SAM
    /// function's and <c>AWS::Lambda::Function</c>'s are the same). LoggingConfig's log levels are not
    /// kept, so they are read back as the template sets them.
    /// </summary>
    private JsonObject? LiveFunction(DeployedResource resource)
    {
        var lambda = _targets.Lambda ?? throw new NotSupportedException(resource.Type);
        if (lambda.CurrentFunction(resource.PhysicalId) is not { } d)
        {
            return null;
        }
        var variables = new JsonObject();
        foreach (var (key, value) in d.Environment)
        {
            variables[key] = value;
        }
        var logging = resource.Properties?["LoggingConfig"]?.DeepClone() as JsonObject ?? [];
        logging["LogGroup"] = d.LogGroupName;
        if (logging.ContainsKey("LogFormat"))
        {
            // The local Lambda writes Text only; a template that leaves LogFormat out has AWS's default, Text,
            // which is not drift.
            logging["LogFormat"] = "Text";
        }
        return Live([
            ("Runtime", d.Runtime), ("Handler", d.Handler), ("Role", d.RoleArn), ("MemorySize", d.MemorySizeMb), ("Timeout", d.TimeoutSeconds),
            ("Description", d.Description), ("Architectures", new JsonArray(d.Architecture)),
            ("ReservedConcurrentExecutions", d.ReservedConcurrentExecutions is { } reserved ? reserved : null),
            ("Environment", new JsonObject { ["Variables"] = variables }), ("LoggingConfig", logging)]);
    }

    /// <summary>A mapping's settings as the local Lambda keeps them, under <c>AWS::Lambda::EventSourceMapping</c>'s names.</summary>
    private JsonObject? LiveMapping(DeployedResource resource)
    {
        var lambda = _targets.Lambda ?? throw new NotSupportedException(resource.Type);
        if (lambda.CurrentMapping(resource.PhysicalId) is not { } d)
        {
            return null;
        }
        var expected = resource.Properties ?? [];
        var destination = expected["DestinationConfig"]?.DeepClone() as JsonObject ?? [];
        var onFailure = destination["OnFailure"] as JsonObject ?? [];
        onFailure["Destination"] = d.OnFailureDestinationArn;
        destination["OnFailure"] = onFailure;
        return Live([
            ("FunctionName", d.FunctionName), ("EventSourceArn", d.EventSourceArn), ("Enabled", d.Enabled), ("BatchSize", d.BatchSize),
            ("MaximumBatchingWindowInSeconds", d.MaximumBatchingWindowInSeconds), ("StartingPosition", d.StartingPosition),
            ("ParallelizationFactor", d.ParallelizationFactor), ("BisectBatchOnFunctionError", d.BisectBatchOnFunctionError),
            ("MaximumRetryAttempts", d.MaximumRetryAttempts), ("MaximumRecordAgeInSeconds", d.MaximumRecordAgeInSeconds),
            ("FunctionResponseTypes", new JsonArray([.. d.FunctionResponseTypes.Select(t => (JsonNode?)t)])),
            ("ScalingConfig", new JsonObject { ["MaximumConcurrency"] = d.ScalingMaximumConcurrency }),
            ("DestinationConfig", destination)]);
    }

    /// <summary>
    /// The differences between what the template sets and the live properties, as DetectStackDrift
    /// lists them: only properties the template sets and the service keeps are compared; inside them,
    /// a member the template sets that is gone is REMOVE, one that the resource has besides is ADD, and
    /// a value that differs is NOT_EQUAL, each under its JSON pointer (<c>/Environment/Variables/KEY</c>).
    /// </summary>
    public static List<(string Path, JsonNode? Expected, JsonNode? Actual, string Type)> Differences(JsonObject expected, JsonObject live)
    {
        var differences = new List<(string, JsonNode?, JsonNode?, string)>();
        foreach (var (name, value) in expected)
        {
            if (live.TryGetPropertyValue(name, out var actual))
            {
                Compare("/" + Pointer(name), value, actual, differences);
            }
        }
        return differences;
    }

    private static void Compare(string path, JsonNode? expected, JsonNode? actual, List<(string, JsonNode?, JsonNode?, string)> differences)
    {
        if (SameValue(expected, actual))
        {
            return;
        }
        if (actual is null)
        {
            differences.Add((path, expected, null, "REMOVE"));
            return;
        }
        switch (Normal(expected), Normal(actual))
        {
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (a.TryGetPropertyValue(key, out var other) && other is not null)
                    {
                        Compare($"{path}/{Pointer(key)}", value, other, differences);
                    }
                    else if (value is not null)
                    {
                        differences.Add(($"{path}/{Pointer(key)}", value, null, "REMOVE"));
                    }
                }
                foreach (var (key, value) in a)
                {
                    if (!e.ContainsKey(key) && value is not null)
                    {
                        differences.Add(($"{path}/{Pointer(key)}", null, value, "ADD"));
                    }
                }
                return;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    var at = path + "/" + i.ToString(CultureInfo.InvariantCulture);
                    if (i >= a.Count)
                    {
                        differences.Add((at, e[i], null, "REMOVE"));
                    }
                    else if (i >= e.Count)
                    {
                        differences.Add((at, null, a[i], "ADD"));
                    }
                    else
                    {
                        Compare(at, e[i], a[i], differences);
                    }
                }
                return;
            default:
                differences.Add((path, expected, actual, "NOT_EQUAL"));
                return;
        }
    }

    /// <summary>A property name as one JSON pointer step.</summary>
    private static string Pointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

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
