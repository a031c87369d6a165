using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    /// <summary>
    /// CreateChangeSet: a CREATE change set makes the stack in REVIEW_IN_PROGRESS; the changes are
    /// computed in the background (CREATE_PENDING, CREATE_IN_PROGRESS, then CREATE_COMPLETE or FAILED).
    /// </summary>
    public async Task<(string Id, string StackId)> CreateChangeSetAsync(string changeSetName, string type, StackInput input, string? description, CancellationToken cancellationToken)
    {
        if (changeSetName.Length is 0 or > 128 || !char.IsAsciiLetter(changeSetName[0]) || changeSetName.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
        if (type is not ("CREATE" or "UPDATE"))
        {
            throw CloudFormationErrors.Validation(type == "IMPORT"
                ? "The local cloud does not import existing resources (ChangeSetType IMPORT)"
                : $"1 validation error detected: Value '{type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [UPDATE, CREATE, IMPORT]");
        }
        StackRecord? stack;
        lock (_gate)
        {
            stack = Find(input.StackName);
            if (type == "CREATE")
            {
                CheckName(input.StackName);
                if (stack is not null && stack.Status != StackStatus.ReviewInProgress)
                {
                    throw CloudFormationErrors.Validation($"Stack [{input.StackName}] already exists and cannot be created again with the changeSet [{changeSetName}].");
                }
            }
            else
            {
                if (stack is null)
                {
                    throw CloudFormationErrors.Validation($"Stack [{input.StackName}] does not exist");
                }
                if (stack.Status == StackStatus.ReviewInProgress || StackStatus.InProgress(stack.Status) || !StackStatus.Updatable.Contains(stack.Status))
                {
                    throw CloudFormationErrors.Validation($"Stack:{stack.StackId} is in {stack.Status} state and can not be updated.");
                }
            }
            if (stack is not null && _changeSets.Any(c => c.StackId == stack.StackId && c.ChangeSetName == changeSetName))
            {
                throw new AwsServiceException("AlreadyExistsException", $"ChangeSet {changeSetName} already exists");
            }
        }
        var stackId = stack?.StackId ?? StackArn(input.StackName);
        var submitted = await SubmitAsync(input, type == "UPDATE" ? stack : null, stackId, cancellationToken).ConfigureAwait(false);
        CheckCapabilities(submitted, input.Capabilities, changeSet: true);
        ChangeSetRecord changeSet;
        lock (_gate)
        {
            if (stack is null)
            {
                stack = Find(input.StackName) ?? NewStack(input, stackId);
                if (!_stacks.Contains(stack))
                {
                    _stacks.Add(stack);
                    stack.TemplateBody = "";
                    StackEvent(stack, StackStatus.ReviewInProgress, "User Initiated");
                }
            }
            changeSet = new ChangeSetRecord
            {
                ChangeSetId = $"arn:{_host.Partition}:cloudformation:{_host.Region}:{_host.AccountId}:changeSet/{changeSetName}/{Guid.NewGuid()}",
                ChangeSetName = changeSetName,
                StackId = stack.StackId,
                StackName = stack.StackName,
                ChangeSetType = type,
                Input = input with { StackName = stack.StackName },
                Description = description,
                CreationTime = Now,
                Parameters = submitted.Parameters,
            };
            _changeSets.Add(changeSet);
        }
        var target = stack;
        _ = Task.Run(() => ComputeChangesAsync(target, changeSet, submitted));
        return (changeSet.ChangeSetId, stack.StackId);
    }

    private async Task ComputeChangesAsync(StackRecord stack, ChangeSetRecord changeSet, Submitted submitted)
    {
        lock (_gate)
        {
            changeSet.Status = "CREATE_IN_PROGRESS";
        }
        try
        {
            var changes = changeSet.ChangeSetType == "CREATE"
                ? submitted.Template.Resources
                    .Where(r => r.Condition is null || new StackDeployer(Targets, submitted.Template).Included(r))
                    .Select(r => new ResourceChange("Add", r.LogicalId, null, r.Type, null, [], [])).ToList()
                : Plan(stack, submitted);
            if (changeSet.ChangeSetType == "UPDATE" && changeSet.Input.RevertDrift)
            {
                changes = await WithDriftAsync(stack, submitted, changes, changeSet.Reverts).ConfigureAwait(false);
            }
            lock (_gate)
            {
                changeSet.Changes = changes;
                if (changes.Count == 0 && changeSet.ChangeSetType == "UPDATE" && Unchanged(stack, submitted, changeSet.Input))
                {
                    changeSet.Status = "FAILED";
                    changeSet.StatusReason = CloudFormationErrors.NoChanges;
                    changeSet.ExecutionStatus = "UNAVAILABLE";
                    return;
                }
                changeSet.Status = "CREATE_COMPLETE";
                changeSet.ExecutionStatus = "AVAILABLE";
            }
        }
        catch (Exception e) when (e is AwsServiceException or TemplateException)
        {
            lock (_gate)
            {
                changeSet.Status = "FAILED";
                changeSet.StatusReason = e.Message;
            }
        }
    }

    /// <summary>The change set by ARN, or by name within the stack.</summary>
    public ChangeSetRecord ChangeSet(string nameOrArn, string? stackName)
    {
        lock (_gate)
        {
            if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
            {
                return _changeSets.FirstOrDefault(c => c.ChangeSetId == nameOrArn) ?? throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
            }
            if (stackName is null)
            {
                throw CloudFormationErrors.Validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
            }
            var stack = Find(stackName) ?? throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
            return _changeSets.FirstOrDefault(c => c.StackId == stack.StackId && c.ChangeSetName == nameOrArn)
                ?? throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
        }
    }

    public List<ChangeSetRecord> ChangeSets(string stackName)
    {
        lock (_gate)
        {
            var stack = Require(stackName);
            // An executed change set can still be described by its ARN, but is no longer listed.
            return _changeSets.Where(c => c.StackId == stack.StackId && c.ExecutionStatus != "EXECUTE_COMPLETE").ToList();
        }
    }

    public async Task ExecuteChangeSetAsync(string nameOrArn, string? stackName, bool? disableRollback, CancellationToken cancellationToken)
    {
        var changeSet = ChangeSet(nameOrArn, stackName);
        StackRecord stack;
        lock (_gate)
        {
            stack = Require(changeSet.StackId);
            if (changeSet.ExecutionStatus != "AVAILABLE")
            {
                throw CloudFormationErrors.InvalidChangeSetStatus(changeSet.ChangeSetId, changeSet.Status == "CREATE_COMPLETE" ? changeSet.ExecutionStatus : changeSet.Status);
            }
            if (StackStatus.InProgress(stack.Status))
            {
                throw CloudFormationErrors.Validation($"Stack:{stack.StackId} is in {stack.Status} state and can not be updated.");
            }
        }
        var input = changeSet.Input with { DisableRollback = disableRollback ?? changeSet.Input.DisableRollback };
        var submitted = await SubmitAsync(input, changeSet.ChangeSetType == "UPDATE" ? stack : null, stack.StackId, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            changeSet.ExecutionStatus = "EXECUTE_IN_PROGRESS";
            // Executing one change set makes the stack's others obsolete; AWS deletes them.
            _changeSets.RemoveAll(c => c.StackId == stack.StackId && c != changeSet);
            stack.ChangeSetId = changeSet.ChangeSetId;
            if (changeSet.ChangeSetType == "CREATE")
            {
                Accept(stack, input, submitted);
                StackEvent(stack, StackStatus.CreateInProgress, "User Initiated");
                Start(stack, () => AfterAsync(changeSet, CreateResourcesAsync(stack, submitted, input.DisableRollback ? "DO_NOTHING" : "ROLLBACK")));
            }
            else
            {
                var previous = BeginUpdate(stack, input, submitted);
                Start(stack, () => AfterAsync(changeSet, UpdateResourcesAsync(stack, submitted, previous, input.DisableRollback, changeSet.Reverts)));
            }
        }
    }

    private async Task AfterAsync(ChangeSetRecord changeSet, Task operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                changeSet.ExecutionStatus = "EXECUTE_COMPLETE";
            }
        }
    }

    public void DeleteChangeSet(string nameOrArn, string? stackName)
    {
        var changeSet = ChangeSet(nameOrArn, stackName);
        lock (_gate)
        {
            if (changeSet.ExecutionStatus == "EXECUTE_IN_PROGRESS")
            {
                throw new AwsServiceException("InvalidChangeSetStatus", $"Cannot delete ChangeSet in status {changeSet.ExecutionStatus}");
            }
            _changeSets.Remove(changeSet);
        }
    }

    /// <summary>An export of <paramref name="stack"/> that another stack imports and <paramref name="keeping"/> drops.</summary>
    private (string Export, string Importer)? ExportsInUse(StackRecord stack, List<StackOutput> keeping)
    {
        foreach (var export in stack.Outputs.Where(o => o.ExportName is not null && keeping.All(k => k.ExportName != o.ExportName || k.Value != o.Value)))
        {
            if (Importers(export.ExportName!).FirstOrDefault(s => s != stack.StackName) is { } importer)
            {
                return (export.ExportName!, importer);
            }
        }
        return null;
    }

    /// <summary>Stacks whose template imports the export by name (call under the lock).</summary>
    private List<string> Importers(string exportName)
    {
        var importers = new List<string>();
        foreach (var other in _stacks.Where(s => !s.IsDeleted && s.TemplateBody.Contains("ImportValue", StringComparison.Ordinal)))
        {
            try
            {
                if (TemplateImports.Names(TemplateLoader.Load(other.TemplateBody, other.TemplatePath, other.Settings(_host))).Contains(exportName))
                {
                    importers.Add(other.StackName);
                }
            }
            catch (TemplateException)
            {
                // A template that no longer loads imports nothing that can be checked.
            }
        }
        return importers;
    }

    public List<(string ExportingStackId, string Name, string Value)> Exports()
    {
        lock (_gate)
        {
            return _stacks.Where(s => !s.IsDeleted)
                .SelectMany(s => s.Outputs.Where(o => o.ExportName is not null).Select(o => (s.StackId, o.ExportName!, o.Value)))
                .ToList();
        }
    }

    /// <summary>Fn::ImportValue: what a live stack exports under the name.</summary>
    private string? ExportValue(string exportName)
    {
        lock (_gate)
        {
            return _stacks.Where(s => !s.IsDeleted).SelectMany(s => s.Outputs).FirstOrDefault(o => o.ExportName == exportName)?.Value;
        }
    }

    public List<string> ImportsOf(string exportName)
    {
        lock (_gate)
        {
            if (!_stacks.Any(s => !s.IsDeleted && s.Outputs.Any(o => o.ExportName == exportName)))
            {
                throw CloudFormationErrors.Validation($"Export '{exportName}' is not imported by any stack.");
            }
            var importers = Importers(exportName);
            return importers.Count > 0 ? importers : throw CloudFormationErrors.Validation($"Export '{exportName}' is not imported by any stack.");
        }
    }
}
