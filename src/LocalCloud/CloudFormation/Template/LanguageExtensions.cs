using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// What <c>AWS::LanguageExtensions</c> does before the rest of the template is read: each
/// <c>Fn::ForEach::Name: [Identifier, Collection, {Key${Identifier}: Value}]</c> in Conditions,
/// Resources (resources or their properties) and Outputs becomes one copy of its fragment per item,
/// with <c>${Identifier}</c> (and <c>&amp;{Identifier}</c>, the item without non-alphanumerics) put
/// into keys and Fn::Sub strings (a Fn::Sub left with nothing to substitute becomes its string, so
/// <c>Ref: !Sub Queue${Identifier}</c> names a resource of the loop) and <c>Ref: Identifier</c> replaced by the item; and a resource's
/// DeletionPolicy and UpdateReplacePolicy may be intrinsics of parameters, mappings and conditions.
/// Fn::Length, Fn::ToJsonString and Fn::FindInMap's DefaultValue are evaluated with the other intrinsics.
/// </summary>
internal static class LanguageExtensions
{
    public const string Name = "AWS::LanguageExtensions";

    private const string ForEachPrefix = "Fn::ForEach::";

    /// <summary>CloudFormation allows loops nested this deep.</summary>
    private const int MaxDepth = 5;

    private static readonly string[] s_sections = ["Conditions", "Resources", "Outputs"];

    private static readonly string[] s_policies = ["DeletionPolicy", "UpdateReplacePolicy"];

    public static void Expand(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var mappings = template["Mappings"] as JsonObject ?? [];
        foreach (var section in s_sections)
        {
            if (template[section] is JsonObject declared)
            {
                var collections = Resolver(parameters, template, mappings, "a Fn::ForEach collection");
                template[section] = Walk(declared, section, [], collections, parameters, 0);
            }
        }
        var policies = Resolver(parameters, template, mappings, "a DeletionPolicy or UpdateReplacePolicy");
        foreach (var (id, node) in template["Resources"] as JsonObject ?? [])
        {
            foreach (var policy in s_policies)
            {
                if (node is JsonObject entry && IntrinsicResolver.FunctionName(entry[policy]) is not null)
                {
                    var where = $"Resources.{id}.{policy}";
                    entry[policy] = TemplateValues.Text(policies.Resolve(entry[policy], where), where);
                }
            }
        }
    }

    private static IntrinsicResolver Resolver(IReadOnlyDictionary<string, JsonNode?> parameters, JsonObject template, JsonObject mappings, string what) =>
        new(parameters, template["Conditions"] as JsonObject ?? [], mappings,
            (id, _, where) => throw new TemplateException($"Template error: {where}: {what} can refer to parameters, pseudo-parameters and mappings, not to the resource {id}"))
        {
            LanguageExtensions = true,
        };

    private static JsonNode? Walk(JsonNode? node, string where, Dictionary<string, string> items, IntrinsicResolver resolver,
        IReadOnlyDictionary<string, JsonNode?> parameters, int depth)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } reference when reference["Ref"] is JsonValue target && target.TryGetValue<string>(out var name) && items.TryGetValue(name, out var item):
                return JsonValue.Create(item);
            case JsonObject { Count: 1 } sub when sub["Fn::Sub"] is JsonValue whole && whole.TryGetValue<string>(out var text)
                && Replace(text, items) is var replaced && !replaced.Contains("${", StringComparison.Ordinal):
                // Nothing left to substitute: the plain string, so that Ref and Fn::GetAtt can name a resource made by the loop.
                return JsonValue.Create(replaced);
            case JsonObject { Count: 1 } sub when sub["Fn::Sub"] is { } argument:
                return new JsonObject
                {
                    ["Fn::Sub"] = argument switch
                    {
                        JsonValue text when text.TryGetValue<string>(out var s) => JsonValue.Create(Replace(s, items)),
                        JsonArray { Count: 2 } pair when pair[0] is JsonValue text && text.TryGetValue<string>(out var s) =>
                            new JsonArray(JsonValue.Create(Replace(s, items)), Walk(pair[1], where, items, resolver, parameters, depth)),
                        _ => Walk(argument, where, items, resolver, parameters, depth),
                    },
                };
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    if (key.StartsWith(ForEachPrefix, StringComparison.Ordinal))
                    {
                        foreach (var (copyKey, copy) in ForEach(key, child, $"{where}.{key}", items, resolver, parameters, depth))
                        {
                            Add(result, copyKey, copy, $"{where}.{key}");
                        }
                        continue;
                    }
                    var replaced = Replace(key, items);
                    Add(result, replaced, Walk(child, $"{where}.{replaced}", items, resolver, parameters, depth), where);
                }
                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select((child, i) => Walk(child, $"{where}[{i}]", items, resolver, parameters, depth))]);
            default:
                return node?.DeepClone();
        }
    }

    private static IEnumerable<(string Key, JsonNode? Value)> ForEach(string key, JsonNode? argument, string where, Dictionary<string, string> items,
        IntrinsicResolver resolver, IReadOnlyDictionary<string, JsonNode?> parameters, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new TemplateException($"Template error: {where}: Fn::ForEach loops can be nested at most {MaxDepth} deep");
        }
        if (key.Length == ForEachPrefix.Length)
        {
            throw new TemplateException($"Template error: {where}: Fn::ForEach needs a loop name (Fn::ForEach::Name)");
        }
        if (argument is not JsonArray { Count: 3 } args || args[0] is not JsonValue id || !id.TryGetValue<string>(out var identifier)
            || args[2] is not JsonObject fragment)
        {
            throw new TemplateException($"Template error: {where}: Fn::ForEach takes [Identifier, Collection, {{OutputKey: OutputValue}}]");
        }
        if (parameters.ContainsKey(identifier) || items.ContainsKey(identifier))
        {
            throw new TemplateException($"Template error: {where}: the identifier {identifier} is already the name of a parameter or of an enclosing loop's identifier");
        }
        if (resolver.Resolve(Walk(args[1], where, items, resolver, parameters, depth), where) is not JsonArray collection)
        {
            throw new TemplateException($"Template error: {where}: the Fn::ForEach collection must be a list or return one");
        }
        for (var i = 0; i < collection.Count; i++)
        {
            var item = TemplateValues.Text(collection[i], $"{where} collection[{i}]");
            var inner = new Dictionary<string, string>(items, StringComparer.Ordinal) { [identifier] = item };
            var copy = (JsonObject)Walk(fragment, where, inner, resolver, parameters, depth + 1)!;
            foreach (var (copyKey, value) in copy.ToList())
            {
                copy.Remove(copyKey);
                yield return (copyKey, value);
            }
        }
    }

    private static void Add(JsonObject target, string key, JsonNode? value, string where)
    {
        if (!target.TryAdd(key, value))
        {
            throw new TemplateException($"Template error: {where}: the key {key} appears twice after Fn::ForEach is expanded");
        }
    }

    /// <summary>Puts each item into <c>${Identifier}</c> as is and into <c>&amp;{Identifier}</c> without its non-alphanumeric characters.</summary>
    private static string Replace(string text, Dictionary<string, string> items)
    {
        foreach (var (identifier, item) in items)
        {
            text = text.Replace("${" + identifier + "}", item, StringComparison.Ordinal)
                .Replace("&{" + identifier + "}", new string([.. item.Where(char.IsAsciiLetterOrDigit)]), StringComparison.Ordinal);
        }
        return text;
    }
}
