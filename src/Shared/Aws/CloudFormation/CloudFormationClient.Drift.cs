namespace Sluice.Shared.Aws.CloudFormation;

public sealed partial class CloudFormationClient
{
    /// <summary>Starts drift detection on the stack (or some of its resources); returns the detection id.</summary>
    public async Task<string> DetectStackDriftAsync(string stackName, IReadOnlyList<string>? logicalResourceIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var form = Form("DetectStackDrift");
        form.Add("StackName", stackName);
        form.AddList("LogicalResourceIds", logicalResourceIds);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return result.Required("StackDriftDetectionId", "CloudFormation DetectStackDrift result");
    }

    public async Task<StackDriftDetectionStatus> DescribeStackDriftDetectionStatusAsync(string stackDriftDetectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackDriftDetectionId);
        var form = Form("DescribeStackDriftDetectionStatus");
        form.Add("StackDriftDetectionId", stackDriftDetectionId);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return StackDriftDetectionStatus.FromXml(result);
    }

    /// <param name="statusFilters">IN_SYNC, MODIFIED, DELETED, NOT_CHECKED; none for all.</param>
    /// <param name="maxResults">1 to 100; null for the service default.</param>
    public async Task<Page<StackResourceDrift>> DescribeStackResourceDriftsAsync(
        string stackName,
        IReadOnlyList<string>? statusFilters = null,
        string? nextToken = null,
        int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        if (maxResults is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "DescribeStackResourceDrifts takes 1 to 100.");
        }

        var form = Form("DescribeStackResourceDrifts");
        form.Add("StackName", stackName);
        form.AddList("StackResourceDriftStatusFilters", statusFilters);
        form.AddIfSet("NextToken", nextToken);
        form.AddIfSet("MaxResults", maxResults);
        var result = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return new([.. result.Members("StackResourceDrifts").Select(StackResourceDrift.FromXml)], result.ChildText("NextToken"));
    }

    public IAsyncEnumerable<Page<StackResourceDrift>> DescribeStackResourceDriftsPagesAsync(
        string stackName, IReadOnlyList<string>? statusFilters = null, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => DescribeStackResourceDriftsAsync(stackName, statusFilters, token, null, ct), cancellationToken);
}
