using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class StackDeployer
{
    /// <summary>
    /// The property names of <c>AWS::StepFunctions::StateMachine</c>, or those of SAM's
    /// <c>AWS::Serverless::StateMachine</c> (which the transform turns into the former on AWS).
    /// </summary>
    private sealed record StateMachineNames(string Name, string Type, string Role, string Logging, string Tracing)
    {
        public static readonly StateMachineNames Plain = new("StateMachineName", "StateMachineType", "RoleArn", "LoggingConfiguration", "TracingConfiguration");
        public static readonly StateMachineNames Sam = new("Name", "Type", "Role", "Logging", "Tracing");

        public static StateMachineNames Of(string type) => type == ResourceTypes.StateMachine ? Plain : Sam;
    }

    /// <summary>The revision CloudFormation reports for a state machine never updated (Step Functions has no revisionId for it yet).</summary>
    private const string InitialRevision = "INITIAL";

    private async Task<DeployedResource> StateMachineAsync(TemplateResource resource, JsonObject properties, string where, CancellationToken cancellationToken)
    {
        var names = StateMachineNames.Of(resource.Type);
        var name = TemplateValues.OptionalText(properties, names.Name, where) ?? PhysicalNames.WithoutStack(Settings.StackName, resource.LogicalId, 80, Generation);
        var request = StateMachineRequest(resource.Type, properties, where, name);
        var response = await _targets.StepFunctions.HandleAsync("CreateStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(response.Body) as JsonObject;
        if (response.StatusCode != 200 || body?["stateMachineArn"]?.GetValue<string>() is not { } arn)
        {
            throw new TemplateException($"{resource.Where}: Step Functions refused the state machine {name}: {body?["__type"]}: {body?["message"]}");
        }
        return Created(resource, arn, ("Arn", arn), ("Name", name), ("StateMachineRevisionId", InitialRevision));
    }

    /// <summary>The CreateStateMachine request the properties describe (UpdateStateMachine takes a subset).</summary>
    private JsonObject StateMachineRequest(string type, JsonObject properties, string where, string name)
    {
        var names = StateMachineNames.Of(type);
        var definition = Substitute(type == ResourceTypes.StateMachine ? PlainDefinition(properties, where) : Definition(properties, where), properties, where);
        var request = new JsonObject
        {
            ["name"] = name,
            ["definition"] = definition,
            ["roleArn"] = TemplateValues.OptionalText(properties, names.Role, where) ?? throw new TemplateException($"{where}: {names.Role} is required"),
            ["type"] = TemplateValues.OptionalText(properties, names.Type, where) ?? "STANDARD",
        };
        var loggingWhere = $"{where}.{names.Logging}";
        if (TemplateValues.OptionalObject(properties, names.Logging, where) is { } logging)
        {
            var destinations = new JsonArray();
            if (logging["Destinations"] is JsonArray list)
            {
                foreach (var destination in list.OfType<JsonObject>())
                {
                    var group = destination["CloudWatchLogsLogGroup"] as JsonObject;
                    destinations.Add((JsonNode)new JsonObject { ["cloudWatchLogsLogGroup"] = new JsonObject { ["logGroupArn"] = group?["LogGroupArn"]?.DeepClone() } });
                }
            }
            request["loggingConfiguration"] = new JsonObject
            {
                ["level"] = TemplateValues.OptionalText(logging, "Level", loggingWhere) ?? "OFF",
                ["includeExecutionData"] = TemplateValues.OptionalBool(logging, "IncludeExecutionData", loggingWhere) ?? false,
                ["destinations"] = destinations,
            };
        }
        if (TemplateValues.OptionalObject(properties, names.Tracing, where) is { } tracing)
        {
            request["tracingConfiguration"] = new JsonObject { ["enabled"] = TemplateValues.OptionalBool(tracing, "Enabled", $"{where}.{names.Tracing}") ?? false };
        }
        var tags = TemplateValues.Tags(properties, where);
        if (tags.Count > 0)
        {
            request["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);
        }
        return request;
    }

    /// <summary>
    /// The definition of an <c>AWS::StepFunctions::StateMachine</c>: exactly one of Definition (a mapping),
    /// DefinitionString (JSON text) and DefinitionS3Location (a JSON or YAML object in the local S3).
    /// </summary>
    private string PlainDefinition(JsonObject properties, string where)
    {
        var given = new[] { "Definition", "DefinitionString", "DefinitionS3Location" }.Where(properties.ContainsKey).ToList();
        if (given.Count != 1)
        {
            throw new TemplateException(given.Count == 0
                ? $"{where}: one of Definition, DefinitionString and DefinitionS3Location is required"
                : $"{where}: give only one of Definition, DefinitionString and DefinitionS3Location (found {string.Join(", ", given)})");
        }
        switch (given[0])
        {
            case "Definition":
                return properties["Definition"] is JsonObject inline
                    ? inline.ToJsonString()
                    : throw new TemplateException($"{where}.Definition: expected a mapping, found {TemplateValues.Describe(properties["Definition"])}");
            case "DefinitionString":
                return TemplateValues.OptionalText(properties, "DefinitionString", where)!;
            default:
                var location = properties["DefinitionS3Location"] is JsonObject ? S3Location(properties["DefinitionS3Location"], where + ".DefinitionS3Location") : null;
                if (location is not { } l)
                {
                    throw new TemplateException($"{where}.DefinitionS3Location: expected a mapping with Bucket and Key");
                }
                var text = ReadText(l, where + ".DefinitionS3Location");
                // Step Functions takes JSON; CloudFormation also reads a YAML definition from S3.
                return text.TrimStart().StartsWith('{') ? text : TemplateYaml.Load(text, $"s3://{l.Bucket}/{l.Key}").ToJsonString();
        }
    }

    private string Definition(JsonObject properties, string where)
    {
        if (properties["Definition"] is { } inline)
        {
            return properties.ContainsKey("DefinitionUri")
                ? throw new TemplateException($"{where}: give Definition or DefinitionUri, not both")
                : inline.ToJsonString();
        }
        if (S3Location(properties["DefinitionUri"], where + ".DefinitionUri") is { } location)
        {
            return ReadText(location, where + ".DefinitionUri");
        }
        var uri = properties["DefinitionUri"] switch
        {
            null => throw new TemplateException($"{where}: Definition or DefinitionUri is required"),
            var node => TemplateValues.Text(node, where + ".DefinitionUri"),
        };
        var path = Path.GetFullPath(Path.Combine(_template.Directory, uri));
        if (!File.Exists(path))
        {
            throw new TemplateException($"{where}.DefinitionUri: {uri} resolves to {path}, which does not exist");
        }
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateException($"{where}.DefinitionUri: {path} could not be read: {e.Message}");
        }
    }

    /// <summary>DefinitionSubstitutions: each <c>${Name}</c> in the definition is replaced; one without a value is an error.</summary>
    private static string Substitute(string definition, JsonObject properties, string where)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TemplateValues.OptionalObject(properties, "DefinitionSubstitutions", where) is { } substitutions)
        {
            foreach (var (key, value) in substitutions)
            {
                values[key] = TemplateValues.Text(value, $"{where}.DefinitionSubstitutions.{key}");
            }
        }
        var output = new StringBuilder();
        var i = 0;
        while (i < definition.Length)
        {
            var start = definition.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : definition.IndexOf('}', start);
            if (start < 0 || end < 0)
            {
                output.Append(definition, i, definition.Length - i);
                break;
            }
            var name = definition[(start + 2)..end];
            if (!values.TryGetValue(name, out var value))
            {
                throw new TemplateException($"{where}: the definition uses ${{{name}}}, which DefinitionSubstitutions does not define (it defines: {string.Join(", ", values.Keys)})");
            }
            output.Append(definition, i, start - i).Append(value);
            i = end + 1;
        }
        return output.ToString();
    }
}
