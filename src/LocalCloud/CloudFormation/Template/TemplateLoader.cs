using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Reads a SAM/CloudFormation template and checks everything that can be checked before creating
/// anything: parameters, resource types, every property (an unknown one is fatal, listed by name),
/// every reference, and the creation order (a cycle is fatal, shown as a path).
/// </summary>
internal static class TemplateLoader
{
    private static readonly HashSet<string> s_sections = new(StringComparer.Ordinal)
    {
        "AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters", "Conditions", "Mappings", "Globals", "Resources", "Outputs", "Rules",
    };

    private static readonly HashSet<string> s_outputKeys = new(StringComparer.Ordinal) { "Description", "Value", "Condition", "Export" };

    public static LoadedTemplate LoadFile(string path, StackSettings settings)
    {
        if (!File.Exists(path))
        {
            throw new TemplateException($"template {path} does not exist");
        }
        try
        {
            return Load(File.ReadAllText(path), path, settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateException($"template {path} could not be read: {e.Message}");
        }
    }

    public static LoadedTemplate Load(string text, string path, StackSettings settings)
    {
        var template = TemplateYaml.Load(text, path);
        var unknown = new List<string>();
        unknown.AddRange(template.Where(p => !s_sections.Contains(p.Key)).Select(p => $"{p.Key} (a top-level section)"));
        var languageExtensions = CheckTransform(template);
        var parameters = TemplateParameters.Resolve(template["Parameters"] as JsonObject ?? [], settings);
        if (languageExtensions)
        {
            LanguageExtensions.Expand(template, parameters);
        }
        var resources = SamTransform.Expand(template, unknown, parameters);
        var conditions = template["Conditions"] as JsonObject ?? [];
        var outputs = template["Outputs"] as JsonObject ?? [];
        var unsupported = new List<string>();
        foreach (var resource in resources)
        {
            if (!ResourceTypes.Shapes.TryGetValue(resource.Type, out var shape))
            {
                unsupported.Add($"{resource.Where}: type {resource.Type}");
                continue;
            }
            unknown.AddRange(shape.Unknown(resource.Properties, resource.Where + ".Properties"));
        }
        foreach (var (name, node) in outputs)
        {
            if (node is JsonObject output)
            {
                unknown.AddRange(output.Where(p => !s_outputKeys.Contains(p.Key)).Select(p => $"Outputs.{name}.{p.Key}"));
            }
        }
        if (unsupported.Count > 0 || unknown.Count > 0)
        {
            var lines = unsupported.Select(u => "  resource type not supported: " + u)
                .Concat(unknown.Select(u => "  property not understood: " + u));
            throw new TemplateException($"{path}: the local cloud cannot create this template as written "
                + $"({unsupported.Count} unsupported resource type(s), {unknown.Count} property(ies) not understood):{Environment.NewLine}"
                + string.Join(Environment.NewLine, lines));
        }
        var ordered = Order(resources, parameters, conditions, outputs);
        return new LoadedTemplate(path, settings, ordered, parameters, conditions, template["Mappings"] as JsonObject ?? [], outputs)
        {
            LanguageExtensions = languageExtensions,
        };
    }

    /// <summary>Refuses transforms other than SAM's and the language extensions; true when the latter is declared.</summary>
    private static bool CheckTransform(JsonObject template)
    {
        var transforms = template["Transform"] switch
        {
            null => [],
            JsonArray list => list.Select((n, i) => TemplateValues.Text(n, $"Transform[{i}]")).ToList(),
            var single => [TemplateValues.Text(single, "Transform")],
        };
        foreach (var transform in transforms.Where(t => t is not "AWS::Serverless-2016-10-31" and not LanguageExtensions.Name))
        {
            throw new TemplateException($"Transform {transform} is not supported by the local cloud (AWS::Serverless-2016-10-31 and {LanguageExtensions.Name} are)");
        }
        return transforms.Contains(LanguageExtensions.Name);
    }

    private static List<TemplateResource> Order(List<TemplateResource> resources, IReadOnlyDictionary<string, JsonNode?> parameters, JsonObject conditions, JsonObject outputs)
    {
        var byId = new Dictionary<string, TemplateResource>(StringComparer.Ordinal);
        foreach (var r in resources)
        {
            if (!byId.TryAdd(r.LogicalId, r))
            {
                throw new TemplateException($"{r.Where}: the logical id {r.LogicalId} is used twice (SAM generates {r.LogicalId} from a function's events or role)");
            }
            if (parameters.ContainsKey(r.LogicalId))
            {
                throw new TemplateException($"{r.Where}: {r.LogicalId} is both a parameter and a resource");
            }
        }
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in resources)
        {
            if (r.Condition is { } condition && !conditions.ContainsKey(condition))
            {
                throw new TemplateException($"{r.Where}.Condition: no condition named {condition} in Conditions");
            }
            var targets = new List<string>();
            foreach (var (name, where) in TemplateReferences.Of(r.Properties, r.Where + ".Properties"))
            {
                targets.Add(Target(name, where, byId, parameters));
            }
            foreach (var dependency in r.DependsOn)
            {
                targets.Add(byId.ContainsKey(dependency) ? dependency
                    : throw new TemplateException($"{r.Where}.DependsOn: no resource named {dependency}"));
            }
            edges[r.LogicalId] = [.. targets.Where(t => t.Length > 0).Distinct()];
        }
        foreach (var (name, where) in TemplateReferences.Of(outputs, "Outputs"))
        {
            Target(name, where, byId, parameters);
        }
        foreach (var (name, where) in TemplateReferences.Of(conditions, "Conditions"))
        {
            if (byId.ContainsKey(name))
            {
                throw new TemplateException($"{where}: a condition cannot refer to the resource {name}");
            }
            Target(name, where, byId, parameters);
        }

        var ordered = new List<TemplateResource>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(string id)
        {
            if (state.TryGetValue(id, out var done))
            {
                if (!done)
                {
                    var cycle = path.Skip(path.IndexOf(id)).Append(id);
                    throw new TemplateException($"circular dependency between resources: {string.Join(" -> ", cycle)}");
                }
                return;
            }
            state[id] = false;
            path.Add(id);
            foreach (var target in edges[id])
            {
                Visit(target);
            }
            path.RemoveAt(path.Count - 1);
            state[id] = true;
            ordered.Add(byId[id]);
        }
        foreach (var r in resources)
        {
            Visit(r.LogicalId);
        }
        return ordered;
    }

    /// <summary>The resource a reference needs first, "" for a parameter or pseudo-parameter; unknown names are an error.</summary>
    private static string Target(string name, string where, Dictionary<string, TemplateResource> byId, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        if (parameters.ContainsKey(name) || name == IntrinsicResolver.NoValue)
        {
            return "";
        }
        if (byId.ContainsKey(name))
        {
            return name;
        }
        throw new TemplateException($"{where}: refers to {name}, which is neither a parameter, a pseudo-parameter nor a resource of this template");
    }
}
