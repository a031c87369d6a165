using System.Globalization;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Cli.GitOps;

/// <summary>A change set made for a stage: its ARN (null when nothing would change), its changes, or why it could not be made.</summary>
internal sealed record PlannedChange(string? Id, IReadOnlyList<ChangeLine> Changes, string? Error);

internal sealed partial class GitOpsPipeline
{
    /// <summary>CloudFormation's largest TemplateBody; a larger packaged template must go through S3 (scripts/stage.sh deploy does).</summary>
    private const int MaxTemplateBody = 51_200;

    /// <summary>
    /// A change set that would make the stage's stack run the commit's packaged template (with
    /// <paramref name="revertDrift"/>, a drift-aware one that also sets drifted resources back).
    /// </summary>
    public async Task<PlannedChange> CreateChangeSetAsync(string stage, string sha, bool revertDrift, CancellationToken cancellationToken)
    {
        var packaged = state.Artifact(sha)?.PackagedTemplate;
        if (packaged is null || !File.Exists(packaged))
        {
            return new PlannedChange(null, [], $"commit {Short(sha)} has no packaged template in {state.Folder}");
        }
        var body = await File.ReadAllTextAsync(packaged, cancellationToken).ConfigureAwait(false);
        if (System.Text.Encoding.UTF8.GetByteCount(body) > MaxTemplateBody)
        {
            return new PlannedChange(null, [], $"{packaged} is over CloudFormation's {MaxTemplateBody:N0}-byte TemplateBody limit; deploy it with scripts/stage.sh deploy, which goes through S3");
        }
        var stackName = StackName(stage);
        var stack = await cloudFormation.FindStackAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (stack?.StackStatus == "ROLLBACK_COMPLETE")
        {
            // A stack whose creation failed can only be deleted; the next deploy creates it afresh.
            await cloudFormation.DeleteStackAsync(stackName, cancellationToken: cancellationToken).ConfigureAwait(false);
            await cloudFormation.WaitForStackAsync(stackName, s_poll, s_stackTimeout, cancellationToken).ConfigureAwait(false);
            stack = null;
        }
        var creating = stack is null || stack.StackStatus == "REVIEW_IN_PROGRESS";
        var name = $"gitops-{Short(sha)}-{Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        CreateChangeSetResult created;
        try
        {
            created = await cloudFormation.CreateChangeSetAsync(new CreateChangeSetRequest
            {
                StackName = stackName,
                ChangeSetName = name,
                ChangeSetType = creating ? "CREATE" : "UPDATE",
                TemplateBody = body,
                Parameters = [new StackParameter("StageName", stage)],
                Capabilities = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
                Description = $"sluice gitops: commit {sha} to {stage}",
                DeploymentMode = revertDrift && !creating ? "REVERT_DRIFT" : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return new PlannedChange(null, [], $"{e.ErrorCode}: {e.ServiceMessage}");
        }
        var changeSet = await cloudFormation.WaitForChangeSetAsync(created.Id, null, s_poll, s_stackTimeout, cancellationToken).ConfigureAwait(false);
        if (changeSet.Status == "FAILED")
        {
            var reason = changeSet.StatusReason ?? "the change set failed";
            if (reason.Contains("didn't contain changes", StringComparison.Ordinal) || reason.Contains("No updates are to be performed", StringComparison.Ordinal))
            {
                await DeleteChangeSetAsync(created.Id, cancellationToken).ConfigureAwait(false);
                return new PlannedChange(null, [], null);
            }
            return new PlannedChange(null, [], reason);
        }
        var all = await cloudFormation.DescribeChangeSetAllChangesAsync(created.Id, null, cancellationToken).ConfigureAwait(false);
        return new PlannedChange(created.Id, all.Changes.Select(Line).ToList(), null);
    }

    private static ChangeLine Line(ResourceChange change) => new(
        change.Action, change.LogicalResourceId, change.ResourceType, change.Replacement,
        change.Details.Select(d => d.TargetName ?? d.TargetAttribute ?? "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        change.ResourceDriftStatus);

    /// <summary>Executes the change set and waits; null when the stack ends complete, else its status and the first failure's reason.</summary>
    private async Task<string?> ExecuteAsync(string stage, string changeSetId, CancellationToken cancellationToken)
    {
        var stackName = StackName(stage);
        try
        {
            await cloudFormation.ExecuteChangeSetAsync(changeSetId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return $"{e.ErrorCode}: {e.ServiceMessage}";
        }
        var stack = await cloudFormation.WaitForStackAsync(stackName, s_poll, s_stackTimeout, cancellationToken).ConfigureAwait(false);
        if (stack?.StackStatus is "CREATE_COMPLETE" or "UPDATE_COMPLETE")
        {
            return null;
        }
        var events = await cloudFormation.DescribeStackEventsAsync(stackName, cancellationToken: cancellationToken).ConfigureAwait(false);
        var failure = events.Items.FirstOrDefault(e => e.ResourceStatus?.EndsWith("_FAILED", StringComparison.Ordinal) == true && e.ResourceStatusReason is { Length: > 0 });
        return $"{stackName} is {stack?.StackStatus ?? "gone"}" + (failure is null ? "" : $": {failure.LogicalResourceId}: {failure.ResourceStatusReason}");
    }

    private async Task DeleteChangeSetAsync(string changeSetId, CancellationToken cancellationToken)
    {
        try
        {
            await cloudFormation.DeleteChangeSetAsync(changeSetId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ChangeSetNotFound")
        {
            // Already gone (executing another change set removes a stack's others).
        }
    }
}
