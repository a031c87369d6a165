using YamlDotNet.RepresentationModel;

namespace Sluice.Cli.Build;

/// <summary>
/// CloudFormation's short intrinsic tags in their long form: <c>!Ref x</c> as <c>Ref: x</c>,
/// <c>!GetAtt a.b</c> as <c>Fn::GetAtt: [a, b]</c>, <c>!Sub ...</c> as <c>Fn::Sub: ...</c>. SAM CLI
/// parses templates so (its YAML helper comes from the AWS CLI) and writes them back in this form.
/// </summary>
internal static class LongForm
{
    public static YamlNode Of(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!') && !tag.StartsWith("!!", StringComparison.Ordinal) && tag.Length > 1)
        {
            var name = tag[1..];
            var key = name is "Ref" or "Condition" ? name : "Fn::" + name;
            var value = name == "GetAtt" && node is YamlScalarNode { Value: { } dotted }
                ? new YamlSequenceNode(dotted.Split('.', 2).Select(part => (YamlNode)new YamlScalarNode(part)))
                : Untagged(node);
            return new YamlMappingNode(new YamlScalarNode(key), value);
        }
        return Untagged(node);
    }

    private static YamlNode Untagged(YamlNode node) => node switch
    {
        YamlMappingNode map => new YamlMappingNode(map.Children.Select(c => new KeyValuePair<YamlNode, YamlNode>(c.Key, Of(c.Value)))),
        YamlSequenceNode seq => new YamlSequenceNode(seq.Children.Select(Of)),
        YamlScalarNode scalar => node.Tag.IsEmpty || scalar.Tag.Value.StartsWith("!!", StringComparison.Ordinal) || scalar.Tag.Value.StartsWith("tag:", StringComparison.Ordinal)
            ? scalar
            : new YamlScalarNode(scalar.Value) { Style = scalar.Style },
        _ => throw new CliException($"line {node.Start.Line}: YAML aliases and anchors are not read in templates"),
    };
}
