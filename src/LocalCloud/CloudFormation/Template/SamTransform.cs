using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// What <c>AWS::Serverless-2016-10-31</c> does before CloudFormation sees the template: Globals merged
/// into each function and state machine, an <c>AWS::Lambda::EventSourceMapping</c> named
/// <c>&lt;Function&gt;&lt;Event&gt;</c> for each Kinesis or SQS event, and a role named <c>&lt;Function&gt;Role</c>
/// for a function or state machine that names none.
/// </summary>
internal static partial class SamTransform
{
    private static readonly Dictionary<string, string> s_globalSections = new(StringComparer.Ordinal)
    {
        ["Function"] = ResourceTypes.ServerlessFunction,
        ["StateMachine"] = ResourceTypes.ServerlessStateMachine,
    };

    /// <param name="parameters">The stack's parameter values: SAM resolves references to them in AutoPublishAlias, AutoPublishCodeSha256 and DeploymentPreference.</param>
    public static List<TemplateResource> Expand(JsonObject template, List<string> unknown, IReadOnlyDictionary<string, JsonNode?>? parameters = null)
    {
        var globals = template["Globals"] as JsonObject ?? [];
        foreach (var (section, _) in globals)
        {
            if (!s_globalSections.ContainsKey(section))
            {
                unknown.Add($"Globals.{section}");
            }
        }
        var declared = template["Resources"] as JsonObject
            ?? throw new TemplateException("the template has no Resources mapping");
        var resources = new List<TemplateResource>();
        var published = new Dictionary<string, Published>(StringComparer.Ordinal);
        var applicationDeclared = false;
        foreach (var (id, node) in declared)
        {
            var where = $"Resources.{id}";
            var entry = node as JsonObject ?? throw new TemplateException($"{where}: expected a mapping");
            unknown.AddRange(entry.Where(p => !ResourceTypes.EntryKeys.Contains(p.Key)).Select(p => $"{where}.{p.Key}"));
            var type = TemplateValues.OptionalText(entry, "Type", where) ?? throw new TemplateException($"{where}: no Type");
            var properties = (entry["Properties"] as JsonObject)?.DeepClone().AsObject() ?? [];
            var condition = TemplateValues.OptionalText(entry, "Condition", where);
            var dependsOn = entry["DependsOn"] switch
            {
                null => [],
                JsonArray list => list.Select((n, i) => TemplateValues.Text(n, $"{where}.DependsOn[{i}]")).ToList(),
                var single => [TemplateValues.Text(single, $"{where}.DependsOn")],
            };
            var section = s_globalSections.FirstOrDefault(s => s.Value == type).Key;
            if (section is not null && globals[section] is JsonObject sectionGlobals)
            {
                properties = Merge(sectionGlobals, properties);
            }
            // SAM passes a resource's policies on to the resources it generates for it.
            var deletionPolicy = Policy(entry, "DeletionPolicy", where);
            var updateReplacePolicy = Policy(entry, "UpdateReplacePolicy", where);
            if (type == ResourceTypes.ServerlessFunction)
            {
                var versioning = Versioning(id, properties, condition, deletionPolicy, applicationDeclared, parameters ?? new Dictionary<string, JsonNode?>());
                if (versioning is { } v)
                {
                    published[id] = v.Ids;
                    applicationDeclared |= v.Resources.Any(r => r.LogicalId == DeploymentApplicationId);
                    resources.AddRange(v.Resources);
                }
                resources.AddRange(Events(id, properties, condition, versioning?.Ids.AliasId).Select(r => r with { DeletionPolicy = deletionPolicy, UpdateReplacePolicy = updateReplacePolicy }));
            }
            if (type is ResourceTypes.ServerlessFunction or ResourceTypes.ServerlessStateMachine && !properties.ContainsKey("Role"))
            {
                var roleId = id + "Role";
                resources.Add(new TemplateResource(roleId, ResourceTypes.Role, [], condition, [])
                {
                    GeneratedFrom = $"SAM role of {id}",
                    DeletionPolicy = deletionPolicy,
                    UpdateReplacePolicy = updateReplacePolicy,
                });
                properties["Role"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray(roleId, "Arn") };
            }
            resources.Add(new TemplateResource(id, type, properties, condition, dependsOn)
            {
                DeletionPolicy = deletionPolicy,
                UpdateReplacePolicy = updateReplacePolicy,
                UpdatePolicy = entry["UpdatePolicy"]?.DeepClone() as JsonObject,
            });
        }
        if (published.Count > 0)
        {
            foreach (var resource in resources)
            {
                RewriteReferences(resource.Properties, published);
            }
            RewriteReferences(template["Outputs"], published);
        }
        return resources;
    }

    /// <summary>A resource's DeletionPolicy or UpdateReplacePolicy: a plain string (intrinsics only under AWS::LanguageExtensions, which resolves them first).</summary>
    private static string? Policy(JsonObject entry, string name, string where)
    {
        if (entry[name] is not { } node)
        {
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var policy))
        {
            throw new TemplateException($"{where}.{name}: Every {name} member must be a string (intrinsic functions here need Transform {LanguageExtensions.Name})");
        }
        if (policy == "Snapshot")
        {
            // CloudFormation snapshots only database, cache and volume types, none of which the local cloud has.
            throw new TemplateException($"{where}.{name}: Snapshot is not supported for resource type {TemplateValues.OptionalText(entry, "Type", where)} (only volumes, caches and database clusters and instances take snapshots); use Delete or Retain");
        }
        var allowed = name == "DeletionPolicy" ? "Delete, Retain or RetainExceptOnCreate" : "Delete or Retain";
        return policy is "Delete" or "Retain" || (policy == "RetainExceptOnCreate" && name == "DeletionPolicy")
            ? policy
            : throw new TemplateException($"{where}.{name}: '{policy}' is not a {name}; use {allowed}");
    }

    /// <param name="aliasId">The AutoPublishAlias alias the events invoke, as SAM points them at it; null: the function.</param>
    private static IEnumerable<TemplateResource> Events(string functionId, JsonObject properties, string? condition, string? aliasId)
    {
        if (properties["Events"] is not JsonObject events)
        {
            yield break;
        }
        properties.Remove("Events");
        foreach (var (eventId, node) in events)
        {
            var where = $"Resources.{functionId}.Properties.Events.{eventId}";
            var entry = node as JsonObject ?? throw new TemplateException($"{where}: expected a mapping");
            var type = TemplateValues.OptionalText(entry, "Type", where) ?? throw new TemplateException($"{where}: no Type");
            var source = type switch
            {
                "Kinesis" => "Stream",
                "SQS" => "Queue",
                _ => throw new TemplateException($"{where}: SAM event type {type} is not supported by the local cloud (Kinesis and SQS are)"),
            };
            var mapping = (entry["Properties"] as JsonObject)?.DeepClone().AsObject() ?? [];
            if (mapping[source] is not { } arn)
            {
                throw new TemplateException($"{where}.Properties: a {type} event needs {source}");
            }
            mapping.Remove(source);
            mapping["EventSourceArn"] = arn.DeepClone();
            mapping["FunctionName"] = new JsonObject { ["Ref"] = aliasId ?? functionId };
            yield return new TemplateResource(functionId + eventId, ResourceTypes.EventSourceMapping, mapping, condition, [])
            {
                GeneratedFrom = $"SAM {type} event {eventId} of {functionId}",
            };
        }
    }

    /// <summary>SAM's Globals rules: the resource's scalar wins, mappings merge (resource wins per key), lists are global-first.</summary>
    private static JsonObject Merge(JsonObject globals, JsonObject resource)
    {
        var merged = resource.DeepClone().AsObject();
        foreach (var (name, global) in globals)
        {
            if (!merged.TryGetPropertyValue(name, out var own))
            {
                merged[name] = global?.DeepClone();
                continue;
            }
            var intrinsic = IntrinsicResolver.FunctionName(own) is not null || IntrinsicResolver.FunctionName(global) is not null;
            if (intrinsic)
            {
                continue;
            }
            merged[name] = (global, own) switch
            {
                (JsonObject g, JsonObject o) => Merge(g, o),
                (JsonArray g, JsonArray o) => new JsonArray([.. g.Select(n => n?.DeepClone()), .. o.Select(n => n?.DeepClone())]),
                _ => own?.DeepClone(),
            };
        }
        return merged;
    }
}
