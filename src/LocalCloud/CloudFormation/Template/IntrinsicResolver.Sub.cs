using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class IntrinsicResolver
{
    private JsonNode Sub(JsonNode? argument, string where)
    {
        string template;
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (argument is JsonArray { Count: 2 } pair)
        {
            template = TemplateValues.Text(pair[0], where);
            var map = pair[1] as JsonObject ?? throw new TemplateException($"{where}: the second argument of Fn::Sub must be a mapping of variables");
            foreach (var (name, value) in map)
            {
                variables[name] = Resolve(value, $"{where}.{name}");
            }
        }
        else
        {
            template = TemplateValues.Text(argument, where);
        }
        var output = new StringBuilder();
        foreach (var part in SubParts(template, where))
        {
            if (part.Variable is not { } name)
            {
                output.Append(part.Literal);
                continue;
            }
            JsonNode? value;
            if (variables.TryGetValue(name, out var given))
            {
                value = given;
            }
            else if (name.Contains('.', StringComparison.Ordinal) && !_parameters.ContainsKey(name))
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                value = _resource(name[..dot], name[(dot + 1)..], where);
            }
            else
            {
                value = Ref(name, where).Node;
            }
            output.Append(TemplateValues.Text(value, $"{where} ${{{name}}}"));
        }
        return JsonValue.Create(output.ToString());
    }

    /// <summary>A Fn::Sub string split into literals and <c>${...}</c> variables; <c>${!x}</c> is the literal <c>${x}</c>.</summary>
    public static IEnumerable<(string? Literal, string? Variable)> SubParts(string template, string where)
    {
        var i = 0;
        while (i < template.Length)
        {
            var start = template.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                yield return (template[i..], null);
                yield break;
            }
            if (start > i)
            {
                yield return (template[i..start], null);
            }
            var end = template.IndexOf('}', start);
            if (end < 0)
            {
                throw new TemplateException($"{where}: unterminated ${{ in Fn::Sub string '{template}'");
            }
            var name = template[(start + 2)..end];
            if (name.StartsWith('!'))
            {
                yield return ("${" + name[1..] + "}", null);
            }
            else
            {
                if (name.Trim().Length == 0)
                {
                    throw new TemplateException($"{where}: empty ${{}} in Fn::Sub string '{template}'");
                }
                yield return (null, name.Trim());
            }
            i = end + 1;
        }
    }
}
