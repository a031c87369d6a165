using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>The Fn::ImportValue names a template uses, as far as they can be known before any resource exists.</summary>
internal static class TemplateImports
{
    /// <summary>The first imported name no stack exports, or null (names that depend on resources are checked when evaluated).</summary>
    public static string? FirstMissing(LoadedTemplate template) => Names(template).FirstOrDefault(name => template.Settings.Exports(name) is null);

    /// <summary>The names the template imports whose value follows from parameters, mappings and conditions alone.</summary>
    public static IEnumerable<string> Names(LoadedTemplate template)
    {
        var resolver = new IntrinsicResolver(template.Parameters, template.Conditions, template.Mappings,
            (id, _, where) => throw new TemplateException($"{where}: an imported name cannot depend on the resource {id}"))
        {
            LanguageExtensions = template.LanguageExtensions,
        };
        var nodes = template.Resources.Select(r => (Node: (JsonNode?)r.Properties, r.Where))
            .Append((template.Outputs, "Outputs"));
        foreach (var (node, where) in nodes)
        {
            foreach (var argument in Arguments(node))
            {
                if (TemplateReferences.Of(argument, where).All(r => template.Parameters.ContainsKey(r.Name))
                    && resolver.Resolve(argument, where) is JsonValue value && value.TryGetValue<string>(out var name))
                {
                    yield return name;
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Arguments(JsonNode? node) => node switch
    {
        JsonObject o when o.Count == 1 && o.ContainsKey("Fn::ImportValue") => [o["Fn::ImportValue"]],
        JsonObject o => o.SelectMany(p => Arguments(p.Value)),
        JsonArray a => a.SelectMany(Arguments),
        _ => [],
    };
}
