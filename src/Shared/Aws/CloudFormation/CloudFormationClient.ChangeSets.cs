namespace Sluice.Shared.Aws.CloudFormation;

public sealed partial class CloudFormationClient
{
    public async Task<CreateChangeSetResult> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var form = Form("CreateChangeSet");
        request.Write(form);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new(result.Required("Id", "CloudFormation CreateChangeSet result"), result.ChildText("StackId"));
    }

    /// <summary>The change set and one page of its changes.</summary>
    /// <param name="changeSetName">Its name (then <paramref name="stackName"/> is needed) or ARN.</param>
    /// <exception cref="AwsServiceException"><see cref="CloudFormationErrors.ChangeSetNotFound"/>.</exception>
    public async Task<ChangeSet> DescribeChangeSetAsync(string changeSetName, string? stackName = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(changeSetName);
        var form = Form("DescribeChangeSet");
        form.Add("ChangeSetName", changeSetName);
        form.AddIfSet("StackName", stackName);
        form.AddIfSet("NextToken", nextToken);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return ChangeSet.FromXml(result);
    }

    /// <summary>The change set with every change, its pages joined.</summary>
    public async Task<ChangeSet> DescribeChangeSetAllChangesAsync(string changeSetName, string? stackName = null, CancellationToken cancellationToken = default)
    {
        var first = await DescribeChangeSetAsync(changeSetName, stackName, null, cancellationToken).ConfigureAwait(false);
        var changes = new List<ResourceChange>(first.Changes);
        var token = first.NextToken;
        while (!string.IsNullOrEmpty(token))
        {
            var page = await DescribeChangeSetAsync(changeSetName, stackName, token, cancellationToken).ConfigureAwait(false);
            changes.AddRange(page.Changes);
            token = page.NextToken;
        }

        return first with { Changes = changes, NextToken = null };
    }

    /// <summary>Starts updating (or creating) the stack as the change set says.</summary>
    /// <exception cref="AwsServiceException"><see cref="CloudFormationErrors.InvalidChangeSetStatus"/> when it is not AVAILABLE.</exception>
    public async Task ExecuteChangeSetAsync(
        string changeSetName,
        string? stackName = null,
        string? clientRequestToken = null,
        bool? disableRollback = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(changeSetName);
        var form = Form("ExecuteChangeSet");
        form.Add("ChangeSetName", changeSetName);
        form.AddIfSet("StackName", stackName);
        form.AddIfSet("ClientRequestToken", clientRequestToken);
        form.AddIfSet("DisableRollback", disableRollback);
        await SendAsync(form, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteChangeSetAsync(string changeSetName, string? stackName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(changeSetName);
        var form = Form("DeleteChangeSet");
        form.Add("ChangeSetName", changeSetName);
        form.AddIfSet("StackName", stackName);
        await SendAsync(form, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<ChangeSetSummary>> ListChangeSetsAsync(string stackName, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var form = Form("ListChangeSets");
        form.Add("StackName", stackName);
        form.AddIfSet("NextToken", nextToken);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new([.. result.Members("Summaries").Select(ChangeSetSummary.FromXml)], result.ChildText("NextToken"));
    }

    public IAsyncEnumerable<Page<ChangeSetSummary>> ListChangeSetsPagesAsync(string stackName, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => ListChangeSetsAsync(stackName, token, ct), cancellationToken);
}
