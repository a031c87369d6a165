using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    /// <summary>CreateStack: checks what can be checked now, then creates the resources in the background.</summary>
    public async Task<string> CreateStackAsync(StackInput input, CancellationToken cancellationToken)
    {
        CheckName(input.StackName);
        lock (_gate)
        {
            if (Find(input.StackName) is not null)
            {
                throw CloudFormationErrors.AlreadyExists(input.StackName);
            }
        }
        var stackId = StackArn(input.StackName);
        var submitted = await SubmitAsync(input, null, stackId, cancellationToken).ConfigureAwait(false);
        CheckCapabilities(submitted, input.Capabilities, changeSet: false);
        CheckLambda(submitted);
        StackRecord stack;
        lock (_gate)
        {
            if (Find(input.StackName) is not null)
            {
                throw CloudFormationErrors.AlreadyExists(input.StackName);
            }
            stack = NewStack(input, stackId);
            _stacks.Add(stack);
            Accept(stack, input, submitted);
            StackEvent(stack, StackStatus.CreateInProgress, "User Initiated");
        }
        Start(stack, () => CreateResourcesAsync(stack, submitted, input.OnFailure ?? (input.DisableRollback ? "DO_NOTHING" : "ROLLBACK")));
        return stackId;
    }

    /// <summary>UpdateStack: refused when the stack cannot be updated or nothing would change.</summary>
    public async Task<string> UpdateStackAsync(StackInput input, CancellationToken cancellationToken)
    {
        StackRecord stack;
        lock (_gate)
        {
            stack = Require(input.StackName);
            CheckUpdatable(stack);
        }
        var submitted = await SubmitAsync(input, stack, stack.StackId, cancellationToken).ConfigureAwait(false);
        CheckCapabilities(submitted, input.Capabilities, changeSet: false);
        var changes = Plan(stack, submitted);
        lock (_gate)
        {
            CheckUpdatable(stack);
            if (changes.Count == 0 && Unchanged(stack, submitted, input))
            {
                throw CloudFormationErrors.Validation(CloudFormationErrors.NoUpdates);
            }
            var previous = BeginUpdate(stack, input, submitted);
            Start(stack, () => UpdateResourcesAsync(stack, submitted, previous, input.DisableRollback));
        }
        return stack.StackId;
    }

    /// <summary>
    /// DeleteStack: no error for a stack that does not exist, as in AWS. <paramref name="retain"/>
    /// (RetainResources) names resources a failed deletion left, which stay in their services while the stack goes.
    /// </summary>
    public void DeleteStack(string nameOrId, IReadOnlyList<string>? retain = null)
    {
        retain ??= [];
        StackRecord? stack;
        lock (_gate)
        {
            stack = Find(nameOrId);
            if (stack is null || stack.IsDeleted || stack.Status == StackStatus.DeleteInProgress)
            {
                return;
            }
            if (StackStatus.InProgress(stack.Status))
            {
                throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while in status {stack.Status}");
            }
            if (stack.EnableTerminationProtection)
            {
                throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while TerminationProtection is enabled");
            }
            if (retain.Count > 0 && stack.Status != StackStatus.DeleteFailed)
            {
                throw CloudFormationErrors.Validation($"Invalid operation on stack {stack.StackId}. When you delete a stack, specify which resources to retain only when the stack is in the DELETE_FAILED state.");
            }
            if (retain.Any(id => !stack.Resources.Any(r => r.Resource.LogicalId == id)))
            {
                throw CloudFormationErrors.Validation("The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.");
            }
            _changeSets.RemoveAll(c => c.StackId == stack.StackId);
            StackEvent(stack, StackStatus.DeleteInProgress, "User Initiated");
        }
        var retained = retain.ToHashSet(StringComparer.Ordinal);
        Start(stack, () => DeleteResourcesAsync(stack, retained));
    }

    /// <summary>A host composed without Lambda refuses a template with functions before anything is created.</summary>
    private void CheckLambda(Submitted submitted)
    {
        try
        {
            new StackDeployer(Targets, submitted.Template).CheckLambda();
        }
        catch (TemplateException e)
        {
            throw CloudFormationErrors.Validation(e.Message);
        }
    }

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > 128 || !char.IsAsciiLetter(name[0]) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
    }

    private static void CheckUpdatable(StackRecord stack)
    {
        if (!StackStatus.Updatable.Contains(stack.Status))
        {
            throw CloudFormationErrors.Validation($"Stack:{stack.StackId} is in {stack.Status} state and can not be updated.");
        }
    }

    private StackRecord NewStack(StackInput input, string stackId) => new()
    {
        StackId = stackId,
        StackName = input.StackName,
        CreationTime = Now,
    };

    /// <summary>Takes the submitted template, parameters and settings as the stack's (under the lock).</summary>
    private static void Accept(StackRecord stack, StackInput input, Submitted submitted)
    {
        stack.TemplateBody = submitted.Body;
        stack.TemplatePath = submitted.Path;
        stack.Parameters = submitted.Parameters;
        stack.Description = submitted.Raw["Description"]?.ToString();
        stack.Capabilities = [.. input.Capabilities];
        if (input.Tags is { } tags)
        {
            stack.Tags = [.. tags];
        }
        if (input.NotificationArns is { } arns)
        {
            stack.NotificationArns = [.. arns];
        }
        stack.DisableRollback = input.DisableRollback;
        stack.TimeoutInMinutes = input.TimeoutInMinutes ?? stack.TimeoutInMinutes;
        stack.EnableTerminationProtection |= input.EnableTerminationProtection;
    }

    /// <summary>What an update's rollback restores.</summary>
    internal sealed record PreviousState(string Body, string Path, List<StackParameter> Parameters, List<KeyValuePair<string, string>> Tags,
        List<StackOutput> Outputs, List<StackResourceRecord> Resources, string? Description, List<string> Capabilities);

    /// <summary>Takes the new template and settings and starts the update (under the lock).</summary>
    private PreviousState BeginUpdate(StackRecord stack, StackInput input, Submitted submitted)
    {
        var previous = new PreviousState(stack.TemplateBody, stack.TemplatePath, stack.Parameters, stack.Tags, stack.Outputs,
            [.. stack.Resources], stack.Description, stack.Capabilities);
        Accept(stack, input, submitted);
        stack.Generation++;
        stack.LastUpdatedTime = Now;
        StackEvent(stack, StackStatus.UpdateInProgress, "User Initiated");
        return previous;
    }

    /// <summary>Nothing but the resources could differ: template text, parameters and tags are the same.</summary>
    private static bool Unchanged(StackRecord stack, Submitted submitted, StackInput input) =>
        stack.TemplateBody == submitted.Body
        && stack.Parameters.SequenceEqual(submitted.Parameters)
        && (input.Tags is null || stack.Tags.SequenceEqual(input.Tags));
}
