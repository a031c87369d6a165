using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    private async Task CreateResourcesAsync(StackRecord stack, Submitted submitted, string onFailure)
    {
        var deployer = new StackDeployer(Targets, submitted.Template);
        var created = new List<StackResourceRecord>();
        string? failed = null;
        try
        {
            deployer.CheckLambda();
        }
        catch (TemplateException e)
        {
            failed = stack.StackName;
            lock (_gate)
            {
                StackEvent(stack, StackStatus.CreateInProgress, e.Message);
            }
        }
        foreach (var resource in failed is null ? submitted.Template.Resources : [])
        {
            if (!Included(deployer, resource))
            {
                continue;
            }
            ResourceEvent(stack, resource.LogicalId, resource.Type, null, StackStatus.CreateInProgress, null);
            try
            {
                var deployed = await deployer.ProvisionAsync(resource, CancellationToken.None).ConfigureAwait(false);
                var record = new StackResourceRecord { Resource = deployed, Status = StackStatus.CreateComplete, LastUpdated = Now };
                lock (_gate)
                {
                    created.Add(record);
                    stack.Resources = [.. created];
                }
                ResourceEvent(stack, resource.LogicalId, resource.Type, deployed.PhysicalId, StackStatus.CreateInProgress, "Resource creation Initiated");
                ResourceEvent(stack, resource.LogicalId, resource.Type, deployed.PhysicalId, StackStatus.CreateComplete, null);
            }
            catch (Exception e) when (e is TemplateException or AwsServiceException)
            {
                ResourceEvent(stack, resource.LogicalId, resource.Type, null, StackStatus.CreateFailed, Reason(e));
                failed = resource.LogicalId;
                break;
            }
        }
        string? outputError = null;
        if (failed is null && TryOutputs(stack, deployer, out var outputs, out outputError))
        {
            lock (_gate)
            {
                stack.Outputs = outputs;
                StackEvent(stack, StackStatus.CreateComplete, null);
            }
            return;
        }
        var reason = failed is null ? outputError! : $"The following resource(s) failed to create: [{failed}]. ";
        if (onFailure == "DO_NOTHING")
        {
            lock (_gate)
            {
                StackEvent(stack, StackStatus.CreateFailed, reason);
            }
            return;
        }
        lock (_gate)
        {
            StackEvent(stack, StackStatus.RollbackInProgress, reason + (onFailure == "DELETE" ? "" : "Rollback requested by user."));
        }
        var left = await DeleteAllAsync(stack, deployer, created, Retained(submitted.Template, creating: true)).ConfigureAwait(false);
        lock (_gate)
        {
            stack.Resources = left;
            if (onFailure == "DELETE" && left.Count == 0)
            {
                StackEvent(stack, StackStatus.DeleteInProgress, null);
                stack.DeletionTime = Now;
                StackEvent(stack, StackStatus.DeleteComplete, null);
            }
            else
            {
                StackEvent(stack, left.Count == 0 ? StackStatus.RollbackComplete : "ROLLBACK_FAILED", left.Count == 0 ? null
                    : $"The following resource(s) failed to delete: [{string.Join(", ", left.Select(r => r.Resource.LogicalId))}]. ");
            }
        }
    }

    /// <param name="retained">RetainResources: logical ids kept in their services whatever their DeletionPolicy says.</param>
    private async Task DeleteResourcesAsync(StackRecord stack, IReadOnlySet<string> retained)
    {
        List<StackResourceRecord> resources;
        lock (_gate)
        {
            resources = [.. stack.Resources];
            if (ExportsInUse(stack, []) is { } inUse)
            {
                StackEvent(stack, StackStatus.DeleteFailed, $"Delete canceled. Cannot delete export {inUse.Export} as it is in use by {inUse.Importer}.");
                return;
            }
        }
        var template = Reload(stack);
        var deployer = new StackDeployer(Targets, template, resources.Select(r => r.Resource));
        var byPolicy = Retained(template, creating: false);
        var left = await DeleteAllAsync(stack, deployer, resources, r => retained.Contains(r.LogicalId) || byPolicy(r)).ConfigureAwait(false);
        lock (_gate)
        {
            stack.Resources = left;
            if (left.Count > 0)
            {
                StackEvent(stack, StackStatus.DeleteFailed, $"The following resource(s) failed to delete: [{string.Join(", ", left.Select(r => r.Resource.LogicalId))}]. ");
                return;
            }
            stack.DeletionTime = Now;
            StackEvent(stack, StackStatus.DeleteComplete, null);
            _changeSets.RemoveAll(c => c.StackId == stack.StackId);
        }
    }

    /// <summary>
    /// Whether a resource's DeletionPolicy keeps it: Retain always; RetainExceptOnCreate unless the
    /// operation that created it is being rolled back.
    /// </summary>
    private static Func<DeployedResource, bool> Retained(LoadedTemplate template, bool creating)
    {
        var policies = template.Resources.ToDictionary(r => r.LogicalId, r => r.DeletionPolicy, StringComparer.Ordinal);
        return r => policies.GetValueOrDefault(r.LogicalId) switch
        {
            "Retain" => true,
            "RetainExceptOnCreate" => !creating,
            _ => false,
        };
    }

    /// <summary>
    /// Deletes in reverse creation order; returns the ones that could not be deleted. A resource its
    /// policy retains stays in its service, out of the stack (DELETE_SKIPPED).
    /// </summary>
    private async Task<List<StackResourceRecord>> DeleteAllAsync(StackRecord stack, StackDeployer deployer, IReadOnlyList<StackResourceRecord> resources,
        Func<DeployedResource, bool> retained)
    {
        var left = new List<StackResourceRecord>();
        foreach (var record in resources.Reverse())
        {
            var r = record.Resource;
            if (retained(r))
            {
                ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.DeleteSkipped, null);
                continue;
            }
            ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.DeleteInProgress, null);
            try
            {
                await deployer.DeleteAsync(r, CancellationToken.None).ConfigureAwait(false);
                ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.DeleteComplete, null);
            }
            catch (Exception e) when (e is TemplateException or AwsServiceException)
            {
                ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.DeleteFailed, Reason(e));
                lock (_gate)
                {
                    record.Status = StackStatus.DeleteFailed;
                    record.StatusReason = Reason(e);
                }
                left.Insert(0, record);
            }
        }
        return left;
    }

    private async Task UpdateResourcesAsync(StackRecord stack, Submitted submitted, PreviousState previous, bool disableRollback, IReadOnlySet<string>? reverts = null)
    {
        var old = previous.Resources.ToDictionary(r => r.Resource.LogicalId, StringComparer.Ordinal);
        int generation;
        lock (_gate)
        {
            generation = stack.Generation;
        }
        var deployer = new StackDeployer(Targets, submitted.Template, old.Values.Select(r => r.Resource)) { Generation = generation };
        var current = new List<StackResourceRecord>();
        var done = new List<(string Action, StackResourceRecord? Before, StackResourceRecord After)>();
        var replaced = new List<StackResourceRecord>();
        string? failed = null;
        string? failure = null;
        foreach (var resource in submitted.Template.Resources)
        {
            old.TryGetValue(resource.LogicalId, out var before);
            if (!Included(deployer, resource))
            {
                continue;
            }
            try
            {
                if (before is null || before.Resource.Type != resource.Type)
                {
                    if (before is not null)
                    {
                        throw new TemplateException($"Update of resource type is not permitted. The new template modifies resource type of resource {resource.LogicalId}.");
                    }
                    ResourceEvent(stack, resource.LogicalId, resource.Type, null, StackStatus.CreateInProgress, null);
                    var created = await deployer.ProvisionAsync(resource, CancellationToken.None).ConfigureAwait(false);
                    var record = new StackResourceRecord { Resource = created, Status = StackStatus.CreateComplete, LastUpdated = Now };
                    current.Add(record);
                    done.Add(("Add", null, record));
                    ResourceEvent(stack, resource.LogicalId, resource.Type, created.PhysicalId, StackStatus.CreateInProgress, "Resource creation Initiated");
                    ResourceEvent(stack, resource.LogicalId, resource.Type, created.PhysicalId, StackStatus.CreateComplete, null);
                    continue;
                }
                var properties = deployer.ResolveProperties(resource);
                var changed = ChangedProperties(before.Resource.Properties, properties);
                var revert = changed.Count == 0 && reverts?.Contains(resource.LogicalId) == true;
                if (changed.Count == 0 && before.Resource.Status != ResourceStatus.ConditionFalse && !revert)
                {
                    current.Add(before);
                    continue;
                }
                var replace = changed.Any(p => ReplacementRules.Replaces(resource.Type, p));
                ResourceEvent(stack, resource.LogicalId, resource.Type, before.Resource.PhysicalId, StackStatus.UpdateInProgress,
                    replace ? "Requested update requires the creation of a new physical resource; hence creating one." : null);
                if (replace)
                {
                    if (ReplacementRules.NameProperty(resource.Type) is { } nameProperty && properties.ContainsKey(nameProperty)
                        && JsonNode.DeepEquals(properties[nameProperty], before.Resource.Properties?[nameProperty]))
                    {
                        throw new TemplateException($"CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename {before.Resource.PhysicalId} and update the stack again.");
                    }
                    var created = await deployer.ProvisionAsync(resource, CancellationToken.None).ConfigureAwait(false);
                    var record = new StackResourceRecord { Resource = created, Status = StackStatus.UpdateComplete, LastUpdated = Now };
                    current.Add(record);
                    replaced.Add(before);
                    done.Add(("Replace", before, record));
                    ResourceEvent(stack, resource.LogicalId, resource.Type, created.PhysicalId, StackStatus.UpdateInProgress, "Resource creation Initiated");
                    ResourceEvent(stack, resource.LogicalId, resource.Type, created.PhysicalId, StackStatus.UpdateComplete, null);
                }
                else
                {
                    var from = revert ? await AsDriftedAsync(deployer, before.Resource).ConfigureAwait(false) : before.Resource;
                    var updated = await deployer.UpdateAsync(resource, from, CancellationToken.None).ConfigureAwait(false);
                    var record = new StackResourceRecord { Resource = updated, Status = StackStatus.UpdateComplete, LastUpdated = Now };
                    current.Add(record);
                    done.Add(("Modify", before, record));
                    ResourceEvent(stack, resource.LogicalId, resource.Type, updated.PhysicalId, StackStatus.UpdateComplete, null);
                }
            }
            catch (Exception e) when (e is TemplateException or AwsServiceException)
            {
                ResourceEvent(stack, resource.LogicalId, resource.Type, before?.Resource.PhysicalId, before is null ? StackStatus.CreateFailed : StackStatus.UpdateFailed, Reason(e));
                failed = resource.LogicalId;
                failure = $"The following resource(s) failed to {(before is null ? "create" : "update")}: [{failed}]. ";
                break;
            }
        }
        var kept = new HashSet<string>(current.Select(r => r.Resource.LogicalId), StringComparer.Ordinal);
        var removed = previous.Resources.Where(r => !kept.Contains(r.Resource.LogicalId) && submitted.Template.Resources.All(t => t.LogicalId != r.Resource.LogicalId || !Included(deployer, t))).ToList();
        List<StackOutput> outputs = [];
        if (failed is null && !TryOutputs(stack, deployer, out outputs, out failure))
        {
            failed = stack.StackName;
        }
        if (failed is null)
        {
            lock (_gate)
            {
                if (ExportsInUse(stack, outputs) is { } inUse)
                {
                    failed = stack.StackName;
                    failure = $"Cannot delete export {inUse.Export} as it is in use by {inUse.Importer}.";
                }
            }
        }
        if (failed is null)
        {
            lock (_gate)
            {
                stack.Resources = [.. current, .. removed];
                stack.Outputs = outputs;
                StackEvent(stack, StackStatus.UpdateCompleteCleanupInProgress, null);
            }
            var cleanup = new List<StackResourceRecord>([.. previous.Resources.Where(r => removed.Contains(r) || replaced.Contains(r))]);
            // A removed resource follows its DeletionPolicy in the template it was declared in; a replaced one, its UpdateReplacePolicy.
            var removedRetained = Retained(TemplateLoader.Load(previous.Body, previous.Path, PreviousSettings(stack, previous)), creating: false);
            var replacePolicies = submitted.Template.Resources.ToDictionary(r => r.LogicalId, r => r.UpdateReplacePolicy, StringComparer.Ordinal);
            _ = await DeleteAllAsync(stack, deployer, cleanup, r => replaced.Any(x => x.Resource == r)
                ? replacePolicies.GetValueOrDefault(r.LogicalId) == "Retain"
                : removedRetained(r)).ConfigureAwait(false);
            lock (_gate)
            {
                stack.Resources = current;
                StackEvent(stack, StackStatus.UpdateComplete, null);
            }
            return;
        }
        if (disableRollback)
        {
            lock (_gate)
            {
                stack.Resources = [.. current, .. previous.Resources.Where(r => !kept.Contains(r.Resource.LogicalId) && done.All(d => d.Before != r))];
                StackEvent(stack, StackStatus.UpdateFailed, failure);
            }
            return;
        }
        await RollBackUpdateAsync(stack, previous, done, failure!, submitted.Template).ConfigureAwait(false);
    }

    /// <summary>Undoes an update's changes, newest first: in-place updates get their old properties back, new resources go.</summary>
    /// <param name="attempted">The template of the failed update: a resource it added follows its DeletionPolicy there.</param>
    private async Task RollBackUpdateAsync(StackRecord stack, PreviousState previous, List<(string Action, StackResourceRecord? Before, StackResourceRecord After)> done, string reason,
        LoadedTemplate attempted)
    {
        lock (_gate)
        {
            StackEvent(stack, StackStatus.UpdateRollbackInProgress, reason);
        }
        var template = TemplateLoader.Load(previous.Body, previous.Path, PreviousSettings(stack, previous));
        var deployer = new StackDeployer(Targets, template, previous.Resources.Select(r => r.Resource));
        var byId = template.Resources.ToDictionary(r => r.LogicalId, StringComparer.Ordinal);
        var toDelete = new List<StackResourceRecord>();
        foreach (var (action, before, after) in Enumerable.Reverse(done))
        {
            if (action == "Modify" && before is not null && byId.TryGetValue(before.Resource.LogicalId, out var resource))
            {
                var r = after.Resource;
                ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.UpdateInProgress, null);
                try
                {
                    _ = await deployer.UpdateAsync(resource, r, CancellationToken.None).ConfigureAwait(false);
                    ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.UpdateComplete, null);
                }
                catch (Exception e) when (e is TemplateException or AwsServiceException)
                {
                    ResourceEvent(stack, r.LogicalId, r.Type, r.PhysicalId, StackStatus.UpdateFailed, Reason(e));
                }
            }
            else
            {
                toDelete.Add(after);
            }
        }
        lock (_gate)
        {
            stack.TemplateBody = previous.Body;
            stack.TemplatePath = previous.Path;
            stack.Parameters = previous.Parameters;
            stack.Tags = previous.Tags;
            stack.Outputs = previous.Outputs;
            stack.Description = previous.Description;
            stack.Capabilities = previous.Capabilities;
            stack.Resources = previous.Resources;
            StackEvent(stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
        }
        var added = done.Where(d => d.Action == "Add").Select(d => d.After.Resource).ToHashSet();
        var addedRetained = Retained(attempted, creating: true);
        _ = await DeleteAllAsync(stack, deployer, toDelete.AsEnumerable().Reverse().ToList(), r => added.Contains(r) && addedRetained(r)).ConfigureAwait(false);
        lock (_gate)
        {
            StackEvent(stack, StackStatus.UpdateRollbackComplete, null);
        }
    }

    private StackSettings PreviousSettings(StackRecord stack, PreviousState previous) => _host with
    {
        StackName = stack.StackName,
        StackId = stack.StackId,
        Parameters = previous.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };

    /// <summary>The stack's current template, loaded again (to delete or compare with it).</summary>
    private LoadedTemplate Reload(StackRecord stack)
    {
        lock (_gate)
        {
            return TemplateLoader.Load(stack.TemplateBody, stack.TemplatePath, stack.Settings(_host));
        }
    }

    private static bool Included(StackDeployer deployer, TemplateResource resource)
    {
        if (deployer.Included(resource))
        {
            return true;
        }
        deployer.Record(new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.ConditionFalse, "", new Dictionary<string, string>())
        {
            Note = $"condition {resource.Condition} is false",
        });
        return false;
    }

    /// <summary>Top-level properties whose evaluated value differs.</summary>
    private static List<string> ChangedProperties(JsonObject? before, JsonObject after)
    {
        before ??= [];
        return before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal)
            .Where(key => !JsonNode.DeepEquals(before[key], after[key]))
            .ToList();
    }

    private bool TryOutputs(StackRecord stack, StackDeployer deployer, out List<StackOutput> outputs, out string? error)
    {
        outputs = [];
        error = null;
        try
        {
            var template = deployer.Template;
            var values = deployer.Outputs();
            foreach (var (key, value) in values)
            {
                var spec = template.Outputs[key] as JsonObject;
                var export = spec?["Export"] is JsonObject exportSpec ? deployer.ResolveText(exportSpec["Name"], $"Outputs.{key}.Export.Name") : null;
                outputs.Add(new StackOutput(key, value, spec?["Description"]?.ToString(), export));
            }
            lock (_gate)
            {
                foreach (var export in outputs.Where(o => o.ExportName is not null))
                {
                    if (_stacks.FirstOrDefault(s => s != stack && !s.IsDeleted && s.Outputs.Any(o => o.ExportName == export.ExportName)) is { } other)
                    {
                        error = $"Export with name {export.ExportName} is already exported by stack {other.StackName}";
                        return false;
                    }
                }
            }
            return true;
        }
        catch (TemplateException e)
        {
            error = "Template error: " + e.Message;
            return false;
        }
    }

    private static string Reason(Exception e) => e is AwsServiceException aws ? $"{aws.Message} (Service: {aws.Code})" : e.Message;
}
