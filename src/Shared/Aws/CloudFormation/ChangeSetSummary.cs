namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One change set of a stack as ListChangeSets answers it.</summary>
public sealed record ChangeSetSummary
{
    public required string ChangeSetName { get; init; }

    public string? ChangeSetId { get; init; }

    public string? StackId { get; init; }

    public string? StackName { get; init; }

    public string? Status { get; init; }

    public string? StatusReason { get; init; }

    public string? ExecutionStatus { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    public string? Description { get; init; }

    internal static ChangeSetSummary FromXml(XmlNode member) => new()
    {
        ChangeSetName = member.Required("ChangeSetName", "CloudFormation ChangeSetSummary"),
        ChangeSetId = member.ChildText("ChangeSetId"),
        StackId = member.ChildText("StackId"),
        StackName = member.ChildText("StackName"),
        Status = member.ChildText("Status"),
        StatusReason = member.ChildText("StatusReason"),
        ExecutionStatus = member.ChildText("ExecutionStatus"),
        CreationTime = member.Time("CreationTime"),
        Description = member.ChildText("Description"),
    };
}
