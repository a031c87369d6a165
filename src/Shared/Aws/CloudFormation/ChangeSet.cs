namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>A change set as DescribeChangeSet answers it: its status and the resource changes (one page of them).</summary>
public sealed record ChangeSet
{
    public required string ChangeSetName { get; init; }

    public string? ChangeSetId { get; init; }

    public string? StackId { get; init; }

    public string? StackName { get; init; }

    public string? Description { get; init; }

    /// <summary>CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_*, FAILED.</summary>
    public required string Status { get; init; }

    /// <summary>Why it FAILED, e.g. "The submitted information didn't contain changes."</summary>
    public string? StatusReason { get; init; }

    /// <summary>UNAVAILABLE, AVAILABLE (can be executed), EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED, OBSOLETE.</summary>
    public string? ExecutionStatus { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    public IReadOnlyList<StackParameter> Parameters { get; init; } = [];

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<StackTag> Tags { get; init; } = [];

    public IReadOnlyList<ResourceChange> Changes { get; init; } = [];

    public string? ParentChangeSetId { get; init; }

    public string? RootChangeSetId { get; init; }

    public bool? IncludeNestedStacks { get; init; }

    public string? OnStackFailure { get; init; }

    /// <summary>More changes than this page holds: pass it to DescribeChangeSet.</summary>
    public string? NextToken { get; init; }

    internal static ChangeSet FromXml(XmlNode result) => new()
    {
        ChangeSetName = result.Required("ChangeSetName", "CloudFormation DescribeChangeSet result"),
        ChangeSetId = result.ChildText("ChangeSetId"),
        StackId = result.ChildText("StackId"),
        StackName = result.ChildText("StackName"),
        Description = result.ChildText("Description"),
        Status = result.Required("Status", "CloudFormation DescribeChangeSet result"),
        StatusReason = result.ChildText("StatusReason"),
        ExecutionStatus = result.ChildText("ExecutionStatus"),
        CreationTime = result.Time("CreationTime"),
        Parameters = [.. result.Members("Parameters").Select(StackParameter.FromXml)],
        Capabilities = result.Strings("Capabilities"),
        Tags = [.. result.Members("Tags").Select(StackTag.FromXml)],
        // Each change is <member><Type>Resource</Type><ResourceChange>...</ResourceChange></member>.
        Changes = [.. result.Members("Changes").Select(m => m.Child("ResourceChange")).OfType<XmlNode>().Select(ResourceChange.FromXml)],
        ParentChangeSetId = result.ChildText("ParentChangeSetId"),
        RootChangeSetId = result.ChildText("RootChangeSetId"),
        IncludeNestedStacks = result.Bool("IncludeNestedStacks"),
        OnStackFailure = result.ChildText("OnStackFailure"),
        NextToken = result.ChildText("NextToken"),
    };
}
