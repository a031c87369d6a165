using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>
/// Drift-aware change sets (CreateChangeSet with DeploymentMode REVERT_DRIFT): besides what the new
/// template changes, every resource whose live properties differ from the ones the template sets is
/// modified back to the template, and each change says the resource's drift status.
/// </summary>
internal sealed partial class CloudFormationService
{
    /// <summary>
    /// <paramref name="planned"/> with each resource's drift status, plus a Modify for each drifted
    /// resource the template leaves alone; the logical ids to bring back go to <paramref name="reverts"/>.
    /// </summary>
    private async Task<List<ResourceChange>> WithDriftAsync(StackRecord stack, Submitted submitted, List<ResourceChange> planned, HashSet<string> reverts)
    {
        List<StackResourceRecord> resources;
        lock (_gate)
        {
            resources = [.. stack.Resources];
        }
        var deployer = new StackDeployer(Targets, submitted.Template, resources.Select(r => r.Resource));
        var changes = new List<ResourceChange>(planned.Count);
        var byId = planned.ToDictionary(c => c.LogicalResourceId, StringComparer.Ordinal);
        var at = Now;
        foreach (var record in resources)
        {
            var resource = submitted.Template.Resources.FirstOrDefault(t => t.LogicalId == record.Resource.LogicalId);
            if (resource is null || !deployer.Included(resource))
            {
                continue;
            }
            var (status, differences) = await DriftOfAsync(deployer, resource, record.Resource).ConfigureAwait(false);
            if (byId.Remove(resource.LogicalId, out var change))
            {
                changes.Add(change with { DriftStatus = status });
            }
            else if (status == "MODIFIED")
            {
                reverts.Add(resource.LogicalId);
                var details = differences.Select(d => new ResourceChangeDetail("Properties", d.Name,
                    ReplacementRules.Replaces(resource.Type, d.Name) ? "Always" : "Never", "Static", "DirectModification", null,
                    new DriftedValue(d.Expected, d.Actual, at))).ToList();
                changes.Add(new ResourceChange("Modify", resource.LogicalId, record.Resource.PhysicalId, resource.Type, "False", ["Properties"], details, status));
            }
        }
        changes.AddRange(byId.Values.Select(c => c.Action == "Add" ? c : c with { DriftStatus = "NOT_CHECKED" }));
        return changes;
    }

    /// <summary>The resource's drift against the properties <paramref name="resource"/> sets in the new template.</summary>
    private static async Task<(string Status, List<(string Name, string? Expected, string? Actual)> Differences)> DriftOfAsync(
        StackDeployer deployer, TemplateResource resource, DeployedResource deployed)
    {
        JsonObject? live;
        try
        {
            live = await deployer.ReadLiveAsync(deployed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return ("NOT_CHECKED", []);
        }
        if (live is null)
        {
            return ("DELETED", []);
        }
        JsonObject expected;
        try
        {
            expected = deployer.Expected(resource, deployed with { Properties = deployer.ResolveProperties(resource) });
        }
        catch (TemplateException)
        {
            return ("UNKNOWN", []);
        }
        var differences = expected
            .Where(p => live.ContainsKey(p.Key) && !StackDeployer.SameValue(p.Value, live[p.Key]))
            .Select(p => (p.Key, (string?)Text(p.Value), (string?)Text(live[p.Key])))
            .ToList();
        return (differences.Count == 0 ? "IN_SYNC" : "MODIFIED", differences);
    }

    /// <summary>
    /// The deployed resource as it is now (its drifted properties at their live values), so an update
    /// that applies only what differs sets them back.
    /// </summary>
    private static async Task<DeployedResource> AsDriftedAsync(StackDeployer deployer, DeployedResource deployed)
    {
        var live = await deployer.ReadLiveAsync(deployed, CancellationToken.None).ConfigureAwait(false);
        var properties = deployed.Properties?.DeepClone() as JsonObject ?? [];
        foreach (var (name, value) in live ?? [])
        {
            if (properties.ContainsKey(name))
            {
                properties[name] = value?.DeepClone();
            }
        }
        return deployed with { Properties = properties };
    }
}
