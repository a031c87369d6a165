using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    /// <summary>Ref and GetAtt of a resource that does not exist yet, or will be replaced: known after apply.</summary>
    private const string KnownAfterApply = "{{changeSet:KNOWN_AFTER_APPLY}}";

    /// <summary>
    /// The changes a template makes to a stack, as a change set lists them: each resource's properties
    /// evaluated against the stack's resources, compared with what it has, and classified with the
    /// resource schemas' create-only properties.
    /// </summary>
    private List<ResourceChange> Plan(StackRecord stack, Submitted submitted)
    {
        List<StackResourceRecord> resources;
        List<StackParameter> oldParameters;
        JsonObject? oldRaw = null;
        lock (_gate)
        {
            resources = [.. stack.Resources];
            oldParameters = stack.Parameters;
            if (stack.TemplateBody.Length > 0)
            {
                oldRaw = TemplateYaml.Load(stack.TemplateBody, stack.TemplatePath);
            }
        }
        var old = resources.ToDictionary(r => r.Resource.LogicalId, StringComparer.Ordinal);
        var deployer = new StackDeployer(Targets, submitted.Template, resources.Select(r => r.Resource));
        var changedParameters = submitted.Parameters
            .Where(p => oldParameters.FirstOrDefault(o => o.Key == p.Key)?.Value != p.Value)
            .Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<ResourceChange>();
        foreach (var resource in submitted.Template.Resources)
        {
            old.TryGetValue(resource.LogicalId, out var before);
            if (!Included(deployer, resource))
            {
                continue;
            }
            if (before is null)
            {
                changes.Add(new ResourceChange("Add", resource.LogicalId, null, resource.Type, null, [], []));
                Unknown(deployer, resource, unknown);
                continue;
            }
            JsonObject properties;
            try
            {
                properties = deployer.ResolveProperties(resource);
            }
            catch (TemplateException e)
            {
                throw CloudFormationErrors.Validation("Template error: " + e.Message);
            }
            var changed = ChangedProperties(before.Resource.Properties, properties);
            if (changed.Count == 0)
            {
                continue;
            }
            var rawBefore = (oldRaw?["Resources"]?[resource.LogicalId]?["Properties"] as JsonObject) ?? [];
            var details = new List<ResourceChangeDetail>();
            foreach (var name in changed)
            {
                var recreation = ReplacementRules.Replaces(resource.Type, name) ? "Always" : "Never";
                var rawNode = resource.Properties[name];
                var references = TemplateReferences.Of(rawNode, name).Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
                var dynamic = properties[name]?.ToJsonString().Contains(KnownAfterApply, StringComparison.Ordinal) == true;
                var added = false;
                foreach (var reference in references)
                {
                    if (changedParameters.Contains(reference))
                    {
                        details.Add(new ResourceChangeDetail("Properties", name, recreation, "Static", "ParameterReference", reference));
                        added = true;
                    }
                    else if (unknown.Contains(reference))
                    {
                        var attribute = AttributeOf(rawNode, reference);
                        details.Add(new ResourceChangeDetail("Properties", name, recreation == "Always" ? "Conditionally" : recreation, "Dynamic",
                            attribute is null ? "ResourceReference" : "ResourceAttribute", attribute is null ? reference : $"{reference}.{attribute}"));
                        added = true;
                    }
                }
                if (!added || !JsonNode.DeepEquals(rawBefore[name], rawNode) && !dynamic)
                {
                    details.Add(new ResourceChangeDetail("Properties", name, recreation, "Static", "DirectModification", null));
                }
            }
            var replacement = details.Any(d => d.RequiresRecreation == "Always" && d.Evaluation == "Static") ? "True"
                : details.Any(d => d.RequiresRecreation is "Always" or "Conditionally") ? "Conditional"
                : "False";
            if (replacement != "False")
            {
                Unknown(deployer, resource, unknown);
            }
            var scope = changed.Contains("Tags") ? (IReadOnlyList<string>)["Properties", "Tags"] : ["Properties"];
            changes.Add(new ResourceChange("Modify", resource.LogicalId, before.Resource.PhysicalId, resource.Type, replacement, scope, details));
        }
        var kept = submitted.Template.Resources.Where(r => deployer.Included(r)).Select(r => r.LogicalId).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in resources.Where(r => !kept.Contains(r.Resource.LogicalId)))
        {
            changes.Add(new ResourceChange("Remove", removed.Resource.LogicalId, removed.Resource.PhysicalId, removed.Resource.Type, null, [], []));
        }
        return changes;
    }

    /// <summary>The attribute a GetAtt in <paramref name="node"/> reads of <paramref name="logicalId"/>, or null for a Ref.</summary>
    private static string? AttributeOf(JsonNode? node, string logicalId)
    {
        var text = node?.ToJsonString() ?? "";
        var getAtt = $"\"Fn::GetAtt\":[\"{logicalId}\",\"";
        var at = text.IndexOf(getAtt, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + getAtt.Length;
            return text[start..text.IndexOf('"', start)];
        }
        var dotted = $"\"Fn::GetAtt\":\"{logicalId}.";
        at = text.IndexOf(dotted, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + dotted.Length;
            return text[start..text.IndexOf('"', start)];
        }
        return null;
    }

    /// <summary>From here on the resource's Ref and attributes are known only after the change is applied.</summary>
    private static void Unknown(StackDeployer deployer, TemplateResource resource, HashSet<string> unknown)
    {
        unknown.Add(resource.LogicalId);
        deployer.Record(new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.Created, KnownAfterApply, new UnknownAttributes()));
    }

    /// <summary>Every attribute of a resource not created yet.</summary>
    private sealed class UnknownAttributes : IReadOnlyDictionary<string, string>
    {
        public string this[string key] => KnownAfterApply;

        public IEnumerable<string> Keys => [];

        public IEnumerable<string> Values => [];

        public int Count => 0;

        public bool ContainsKey(string key) => true;

        public bool TryGetValue(string key, out string value)
        {
            value = KnownAfterApply;
            return true;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
