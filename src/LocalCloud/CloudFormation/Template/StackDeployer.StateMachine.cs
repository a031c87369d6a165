using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class StackDeployer
{
    private async Task<DeployedResource> StateMachineAsync(TemplateResource resource, JsonObject properties, string where, CancellationToken cancellationToken)
    {
        var name = TemplateValues.OptionalText(properties, "Name", where) ?? PhysicalNames.WithoutStack(Settings.StackName, resource.LogicalId, 80, Generation);
        var request = StateMachineRequest(properties, where, name);
        var response = await _targets.StepFunctions.HandleAsync("CreateStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(response.Body) as JsonObject;
        if (response.StatusCode != 200 || body?["stateMachineArn"]?.GetValue<string>() is not { } arn)
        {
            throw new TemplateException($"{resource.Where}: Step Functions refused the state machine {name}: {body?["__type"]}: {body?["message"]}");
        }
        return Created(resource, arn, ("Arn", arn), ("Name", name));
    }

    /// <summary>The CreateStateMachine request the properties describe (UpdateStateMachine takes a subset).</summary>
    private JsonObject StateMachineRequest(JsonObject properties, string where, string name)
    {
        var definition = Substitute(Definition(properties, where), properties, where);
        var request = new JsonObject
        {
            ["name"] = name,
            ["definition"] = definition,
            ["roleArn"] = TemplateValues.OptionalText(properties, "Role", where) ?? throw new TemplateException($"{where}: Role is required"),
            ["type"] = TemplateValues.OptionalText(properties, "Type", where) ?? "STANDARD",
        };
        if (TemplateValues.OptionalObject(properties, "Logging", where) is { } logging)
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
                ["level"] = TemplateValues.OptionalText(logging, "Level", where + ".Logging") ?? "OFF",
                ["includeExecutionData"] = TemplateValues.OptionalBool(logging, "IncludeExecutionData", where + ".Logging") ?? false,
                ["destinations"] = destinations,
            };
        }
        if (TemplateValues.OptionalObject(properties, "Tracing", where) is { } tracing)
        {
            request["tracingConfiguration"] = new JsonObject { ["enabled"] = TemplateValues.OptionalBool(tracing, "Enabled", where + ".Tracing") ?? false };
        }
        var tags = TemplateValues.Tags(properties, where);
        if (tags.Count > 0)
        {
            request["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);
        }
        return request;
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
