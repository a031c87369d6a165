using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Reads a CloudFormation YAML template into JSON nodes, turning the short tags (<c>!Ref</c>,
/// <c>!GetAtt a.b</c>, <c>!Sub</c>, ...) into their long forms (<c>{"Ref": ...}</c>, <c>{"Fn::GetAtt": [a, b]}</c>)
/// so that the rest of the loader sees one form, as CloudFormation's own parser does.
/// </summary>
internal static partial class TemplateYaml
{
    private static readonly HashSet<string> s_functionTags = new(StringComparer.Ordinal)
    {
        "Sub", "Join", "If", "Select", "Split", "Equals", "Not", "And", "Or", "FindInMap", "Base64", "GetAZs",
        "ImportValue", "Cidr", "Length", "ToJsonString", "Transform",
    };

    public static JsonObject Load(string text, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TemplateException($"{sourceName}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count != 1)
        {
            throw new TemplateException($"{sourceName}: expected one YAML document, found {stream.Documents.Count}");
        }
        return Convert(stream.Documents[0].RootNode, sourceName) as JsonObject
            ?? throw new TemplateException($"{sourceName}: the template must be a mapping at the top level");
    }

    private static JsonNode? Convert(YamlNode node, string source)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!') && !tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return Tagged(tag[1..], node, source);
        }
        return node switch
        {
            YamlMappingNode map => Mapping(map, source),
            YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(c => Convert(c, source))]),
            YamlScalarNode scalar => Scalar(scalar, tag),
            _ => throw new TemplateException($"{source} line {node.Start.Line}: YAML aliases and anchors are not supported in templates"),
        };
    }

    private static JsonObject Mapping(YamlMappingNode map, string source)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                ?? throw new TemplateException($"{source} line {key.Start.Line}: mapping keys must be plain strings");
            if (result.ContainsKey(name))
            {
                throw new TemplateException($"{source} line {key.Start.Line}: duplicate key '{name}'");
            }
            result[name] = Convert(value, source);
        }
        return result;
    }

    private static JsonNode? Tagged(string name, YamlNode node, string source)
    {
        var inner = node switch
        {
            YamlScalarNode s => (JsonNode?)JsonValue.Create(s.Value ?? ""),
            YamlMappingNode m => Mapping(m, source),
            YamlSequenceNode q => new JsonArray([.. q.Children.Select(c => Convert(c, source))]),
            _ => null,
        };
        switch (name)
        {
            case "Ref":
                return new JsonObject { ["Ref"] = inner };
            case "Condition":
                return new JsonObject { ["Condition"] = inner };
            case "GetAtt" when node is YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                var dot = text.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || dot == text.Length - 1)
                {
                    throw new TemplateException($"{source} line {node.Start.Line}: !GetAtt '{text}' must be LogicalId.Attribute");
                }
                return new JsonObject { ["Fn::GetAtt"] = new JsonArray(text[..dot], text[(dot + 1)..]) };
            case "GetAtt":
                return new JsonObject { ["Fn::GetAtt"] = inner };
            default:
                if (!s_functionTags.Contains(name))
                {
                    throw new TemplateException($"{source} line {node.Start.Line}: unknown tag !{name}");
                }
                return new JsonObject { ["Fn::" + name] = inner };
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, string? tag)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }
        switch (value)
        {
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case "null" or "Null" or "NULL" or "~" or "":
                return null;
        }
        if (NumberPattern().IsMatch(value) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            // Kept as the text written, so "0120" style values and big numbers stay exact when turned back into strings.
            return JsonNode.Parse(value.TrimStart('+'));
        }
        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
