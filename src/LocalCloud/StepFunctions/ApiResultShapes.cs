using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// The response shapes TestState holds a mocked Task result to: the output shape of the operation
/// the integration calls, from the embedded API models (Protocol/Models, botocore's). Members are
/// named as Step Functions names them, the model's name with its first letter upper case
/// (StartExecution's <c>executionArn</c> is <c>ExecutionArn</c>). The messages are AWS's, as recorded
/// against AWS: <c>Field 'X' must be a string</c> (also for blobs and timestamps), <c>must be a
/// number</c>, <c>must be an array</c>, <c>is not an expected value</c>, <c>is smaller than the
/// minimum length</c>, <c>is less than the minimum value</c>, <c>exceeds the maximum value</c>,
/// <c>Required field 'X' is missing</c>; <c>must be an object</c>, <c>must be a boolean</c> and
/// <c>exceeds the maximum length</c> follow their pattern (not recorded). Patterns are not checked.
/// </summary>
internal sealed class ApiResultShapes : IResultShapes
{
    public static readonly ApiResultShapes Instance = new();

    public string? Problem(string service, string action, bool awsSdk, JsonObject result, bool requireAll)
    {
        var model = (awsSdk, service) switch
        {
            (false, "states") or (true, "sfn") => "stepfunctions",
            (true, "eventbridge") => "events",
            (true, "cloudwatchlogs") => "logs",
            _ => service,
        };
        if (action.Length == 0 || ServiceModel.For(model)?.Output(char.ToUpperInvariant(action[0]) + action[1..]) is not { } shape)
        {
            return null;
        }

        // Step Functions answers lambda:invoke with the function's result as JSON, not the API's blob.
        var skip = !awsSdk && service == "lambda" ? "Payload" : null;
        return Structure(shape, result, requireAll, skip);
    }

    private static string? Structure(ModelShape shape, JsonObject value, bool requireAll, string? skip = null)
    {
        if (requireAll)
        {
            foreach (var required in shape.Required)
            {
                if (value[Named(required)] is null)
                {
                    return $"Required field '{Named(required)}' is missing";
                }
            }
        }

        foreach (var (name, node) in value)
        {
            if (node is not null && name != skip && shape.Members.FirstOrDefault(m => Named(m.Name) == name) is { } member
                && Value(member.Shape, node, name, requireAll) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Value(ModelShape shape, JsonNode node, string field, bool requireAll)
    {
        var kind = node.GetValueKind();
        switch (shape.Type)
        {
            case "structure":
                return node is JsonObject structure ? Structure(shape, structure, requireAll) : $"Field '{field}' must be an object";
            case "list":
                if (node is not JsonArray items)
                {
                    return $"Field '{field}' must be an array";
                }

                foreach (var item in items)
                {
                    if (item is not null && Value(shape.Member!.Shape, item, field, requireAll) is { } problem)
                    {
                        return problem;
                    }
                }

                return Length(shape, items.Count, field);
            case "map":
                if (node is not JsonObject map)
                {
                    return $"Field '{field}' must be an object";
                }

                foreach (var (_, item) in map)
                {
                    if (item is not null && Value(shape.Value!.Shape, item, field, requireAll) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case "boolean":
                return kind is JsonValueKind.True or JsonValueKind.False ? null : $"Field '{field}' must be a boolean";
            case "integer" or "long" or "float" or "double":
                if (kind != JsonValueKind.Number)
                {
                    return $"Field '{field}' must be a number";
                }

                var number = node.GetValue<double>();
                return number < shape.Min ? $"Field '{field}' is less than the minimum value"
                    : number > shape.Max ? $"Field '{field}' exceeds the maximum value"
                    : null;
            default:
                // string, blob and timestamp all travel as JSON strings.
                if (kind != JsonValueKind.String)
                {
                    return $"Field '{field}' must be a string";
                }

                var text = node.GetValue<string>();
                return shape.Enum is { } values && !values.Contains(text) ? $"Field '{field}' is not an expected value"
                    : shape.Type == "timestamp" ? null
                    : Length(shape, text.Length, field);
        }
    }

    private static string? Length(ModelShape shape, int length, string field) =>
        length < shape.Min ? $"Field '{field}' is smaller than the minimum length"
        : length > shape.Max ? $"Field '{field}' exceeds the maximum length"
        : null;

    private static string Named(string member) => char.ToUpperInvariant(member[0]) + member[1..];
}
