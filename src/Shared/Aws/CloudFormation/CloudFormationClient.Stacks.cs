namespace Sluice.Shared.Aws.CloudFormation;

public sealed partial class CloudFormationClient
{
    /// <summary>One page of stacks; with <paramref name="stackName"/> (name or id) just that stack.</summary>
    /// <exception cref="AwsServiceException">A named stack that does not exist (<see cref="CloudFormationErrors.IsStackNotFound"/>).</exception>
    public async Task<Page<Stack>> DescribeStacksAsync(string? stackName = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var form = Form("DescribeStacks");
        form.AddIfSet("StackName", stackName);
        form.AddIfSet("NextToken", nextToken);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new([.. result.Members("Stacks").Select(Stack.FromXml)], result.ChildText("NextToken"));
    }

    public IAsyncEnumerable<Page<Stack>> DescribeStacksPagesAsync(string? stackName = null, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => DescribeStacksAsync(stackName, token, ct), cancellationToken);

    /// <summary>The stack, or null when CloudFormation says it does not exist.</summary>
    public async Task<Stack?> FindStackAsync(string stackName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        try
        {
            var page = await DescribeStacksAsync(stackName, null, cancellationToken).ConfigureAwait(false);
            return page.Items.Count > 0 ? page.Items[0] : null;
        }
        catch (AwsServiceException e) when (CloudFormationErrors.IsStackNotFound(e))
        {
            return null;
        }
    }

    public async Task<Page<StackResourceSummary>> ListStackResourcesAsync(string stackName, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var form = Form("ListStackResources");
        form.Add("StackName", stackName);
        form.AddIfSet("NextToken", nextToken);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new([.. result.Members("StackResourceSummaries").Select(StackResourceSummary.FromXml)], result.ChildText("NextToken"));
    }

    public IAsyncEnumerable<Page<StackResourceSummary>> ListStackResourcesPagesAsync(string stackName, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => ListStackResourcesAsync(stackName, token, ct), cancellationToken);

    /// <summary>One page of the stack's events, newest first.</summary>
    public async Task<Page<StackEvent>> DescribeStackEventsAsync(string stackName, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var form = Form("DescribeStackEvents");
        form.Add("StackName", stackName);
        form.AddIfSet("NextToken", nextToken);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new([.. result.Members("StackEvents").Select(StackEvent.FromXml)], result.ChildText("NextToken"));
    }

    public IAsyncEnumerable<Page<StackEvent>> DescribeStackEventsPagesAsync(string stackName, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => DescribeStackEventsAsync(stackName, token, ct), cancellationToken);

    /// <summary>Starts deleting the stack; deleting one that does not exist succeeds, as on AWS.</summary>
    /// <param name="retainResources">Logical ids to keep; only for a stack in DELETE_FAILED.</param>
    public async Task DeleteStackAsync(
        string stackName,
        IReadOnlyList<string>? retainResources = null,
        string? roleArn = null,
        string? clientRequestToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var form = Form("DeleteStack");
        form.Add("StackName", stackName);
        form.AddList("RetainResources", retainResources);
        form.AddIfSet("RoleARN", roleArn);
        form.AddIfSet("ClientRequestToken", clientRequestToken);
        await SendAsync(form, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stack's template, or a change set's (<paramref name="changeSetName"/>).</summary>
    /// <param name="templateStage">Original (as submitted, the default) or Processed (transforms applied).</param>
    public async Task<StackTemplate> GetTemplateAsync(
        string? stackName = null,
        string? changeSetName = null,
        string? templateStage = null,
        CancellationToken cancellationToken = default)
    {
        if (stackName is null && changeSetName is null)
        {
            throw new ArgumentException("GetTemplate needs a stack name or a change set.");
        }

        var form = Form("GetTemplate");
        form.AddIfSet("StackName", stackName);
        form.AddIfSet("ChangeSetName", changeSetName);
        form.AddIfSet("TemplateStage", templateStage);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new(result.ChildText("TemplateBody") ?? string.Empty, result.Strings("StagesAvailable"));
    }
}
