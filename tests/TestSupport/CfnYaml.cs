using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.TestSupport;

/// <summary>
/// Reads CloudFormation YAML (and any other YAML) into the JSON form CloudFormation itself uses:
/// a short tag such as <c>!GetAtt A.Arn</c> becomes <c>{"Fn::GetAtt": ["A", "Arn"]}</c>, so every
/// rule works on one shape whichever syntax the template was written in. The one YAML reader of the tests.
/// </summary>
public static partial class CfnYaml
{
    private static readonly Dictionary<string, string> s_shortTags = new(StringComparer.Ordinal)
    {
        ["!Ref"] = "Ref",
        ["!Condition"] = "Condition",
        ["!GetAtt"] = "Fn::GetAtt",
        ["!Sub"] = "Fn::Sub",
        ["!Join"] = "Fn::Join",
        ["!If"] = "Fn::If",
        ["!Select"] = "Fn::Select",
        ["!Split"] = "Fn::Split",
        ["!Equals"] = "Fn::Equals",
        ["!Not"] = "Fn::Not",
        ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or",
        ["!FindInMap"] = "Fn::FindInMap",
        ["!Base64"] = "Fn::Base64",
        ["!Cidr"] = "Fn::Cidr",
        ["!GetAZs"] = "Fn::GetAZs",
        ["!ImportValue"] = "Fn::ImportValue",
        ["!Length"] = "Fn::Length",
        ["!ToJsonString"] = "Fn::ToJsonString",
    };

    public static JsonObject LoadObject(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{sourceName}: not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"{sourceName}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return Convert(stream.Documents[0].RootNode, sourceName) as JsonObject
            ?? throw new FormatException($"{sourceName}: the document is not a mapping.");
    }

    private static JsonNode? Convert(YamlNode node, string sourceName)
    {
        var value = node switch
        {
            YamlMappingNode map => ConvertMapping(map, sourceName),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => Convert(c, sourceName)).ToArray()),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new FormatException($"{sourceName}:{node.Start.Line}: unsupported YAML node {node.NodeType}."),
        };

        if (node.Tag.IsEmpty || node.Tag.IsNonSpecific)
        {
            return value;
        }

        var tag = node.Tag.Value;
        if (!s_shortTags.TryGetValue(tag, out var function))
        {
            throw new FormatException($"{sourceName}:{node.Start.Line}: unknown tag {tag}.");
        }

        if (function == "Fn::GetAtt" && node is YamlScalarNode dotted)
        {
            var text = dotted.Value ?? "";
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == text.Length - 1)
            {
                throw new FormatException($"{sourceName}:{node.Start.Line}: !GetAtt needs Resource.Attribute, got '{text}'.");
            }

            value = new JsonArray(text[..dot], text[(dot + 1)..]);
        }

        return new JsonObject { [function] = value };
    }

    // YamlStream.Load already rejects duplicate keys.
    private static JsonObject ConvertMapping(YamlMappingNode map, string sourceName)
    {
        var result = new JsonObject();
        foreach (var (key, child) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"{sourceName}:{key.Start.Line}: mapping keys must be scalars.");
            }

            result[name] = Convert(child, sourceName);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when IntegerPattern().IsMatch(text) &&
                   long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ when FloatPattern().IsMatch(text) &&
                   double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
