using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Reads resolved property values the way CloudFormation coerces them (numbers and booleans may be strings).</summary>
internal static class TemplateValues
{
    public static string Text(JsonNode? node, string where) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        _ => throw new TemplateException($"{where}: expected a string, found {Describe(node)}"),
    };

    public static string? OptionalText(JsonObject properties, string name, string where) =>
        properties[name] is { } node ? Text(node, $"{where}.{name}") : null;

    public static int? OptionalInt(JsonObject properties, string name, string where)
    {
        if (properties[name] is not { } node)
        {
            return null;
        }
        var text = Text(node, $"{where}.{name}");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new TemplateException($"{where}.{name}: expected an integer, found '{text}'");
    }

    public static bool? OptionalBool(JsonObject properties, string name, string where)
    {
        if (properties[name] is not { } node)
        {
            return null;
        }
        return Text(node, $"{where}.{name}").ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            var other => throw new TemplateException($"{where}.{name}: expected true or false, found '{other}'"),
        };
    }

    public static JsonObject? OptionalObject(JsonObject properties, string name, string where) => properties[name] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw new TemplateException($"{where}.{name}: expected a mapping, found {Describe(other)}"),
    };

    public static IReadOnlyList<string> StringList(JsonObject properties, string name, string where) => properties[name] switch
    {
        null => [],
        JsonArray a => [.. a.Select((n, i) => Text(n, $"{where}.{name}[{i}]"))],
        var other => throw new TemplateException($"{where}.{name}: expected a list, found {Describe(other)}"),
    };

    /// <summary>A policy or filter given as a mapping (or already as JSON text) turned into JSON text.</summary>
    public static string JsonText(JsonNode node, string where) => node switch
    {
        JsonObject or JsonArray => node.ToJsonString(),
        _ => Text(node, where),
    };

    /// <summary>Tags as CloudFormation writes them (a list of Key/Value) or SAM does (a mapping).</summary>
    public static Dictionary<string, string> Tags(JsonObject properties, string where)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (properties["Tags"])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    tags[key] = Text(value, $"{where}.Tags.{key}");
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var entry = list[i] as JsonObject ?? throw new TemplateException($"{where}.Tags[{i}]: expected a Key/Value mapping");
                    tags[Text(entry["Key"], $"{where}.Tags[{i}].Key")] = Text(entry["Value"], $"{where}.Tags[{i}].Value");
                }
                break;
            default:
                throw new TemplateException($"{where}.Tags: expected a list of Key/Value or a mapping");
        }
        return tags;
    }

    public static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject o => "a mapping {" + string.Join(", ", o.Select(p => p.Key)) + "}",
        JsonArray => "a list",
        _ => "'" + node.ToJsonString() + "'",
    };
}
