using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>The names a node refers to through Ref, Fn::GetAtt and Fn::Sub, found without evaluating it.</summary>
internal static class TemplateReferences
{
    public static IEnumerable<(string Name, string Where)> Of(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject obj when IntrinsicResolver.FunctionName(obj) is { } function:
                foreach (var found in OfFunction(function, obj[function], $"{where} ({function})"))
                {
                    yield return found;
                }
                break;
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var found in Of(child, $"{where}.{key}"))
                    {
                        yield return found;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in Of(array[i], $"{where}[{i}]"))
                    {
                        yield return found;
                    }
                }
                break;
        }
    }

    private static IEnumerable<(string Name, string Where)> OfFunction(string function, JsonNode? argument, string where)
    {
        switch (function)
        {
            case "Ref" when argument is JsonValue v && v.TryGetValue<string>(out var target):
                yield return (target, where);
                break;
            case "Fn::GetAtt" when argument is JsonArray { Count: 2 } pair && pair[0] is JsonValue id && id.TryGetValue<string>(out var target):
                yield return (target, where);
                foreach (var found in Of(pair[1], where))
                {
                    yield return found;
                }
                break;
            case "Fn::GetAtt" when argument is JsonValue v && v.TryGetValue<string>(out var dotted) && dotted.Contains('.', StringComparison.Ordinal):
                yield return (dotted[..dotted.IndexOf('.', StringComparison.Ordinal)], where);
                break;
            case "Fn::Sub":
                var (text, variables) = argument switch
                {
                    JsonArray { Count: 2 } pair => (pair[0], pair[1] as JsonObject),
                    _ => (argument, null),
                };
                if (text is JsonValue t && t.TryGetValue<string>(out var template))
                {
                    foreach (var (_, name) in IntrinsicResolver.SubParts(template, where))
                    {
                        if (name is not null && variables?.ContainsKey(name) != true)
                        {
                            var dot = name.IndexOf('.', StringComparison.Ordinal);
                            yield return (dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal) ? name[..dot] : name, where);
                        }
                    }
                }
                foreach (var found in Of(variables, where))
                {
                    yield return found;
                }
                break;
            case "Condition":
                break;
            default:
                foreach (var found in Of(argument, where))
                {
                    yield return found;
                }
                break;
        }
    }
}
