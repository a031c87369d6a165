namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One resource of a stack as ListStackResources answers it.</summary>
public sealed record StackResourceSummary
{
    public required string LogicalResourceId { get; init; }

    public string? PhysicalResourceId { get; init; }

    public required string ResourceType { get; init; }

    /// <summary>e.g. CREATE_COMPLETE, UPDATE_FAILED, DELETE_SKIPPED.</summary>
    public required string ResourceStatus { get; init; }

    public string? ResourceStatusReason { get; init; }

    public DateTimeOffset? LastUpdatedTimestamp { get; init; }

    public DriftInformation? DriftInformation { get; init; }

    internal static StackResourceSummary FromXml(XmlNode member) => new()
    {
        LogicalResourceId = member.Required("LogicalResourceId", "CloudFormation StackResourceSummary"),
        PhysicalResourceId = member.ChildText("PhysicalResourceId"),
        ResourceType = member.Required("ResourceType", "CloudFormation StackResourceSummary"),
        ResourceStatus = member.Required("ResourceStatus", "CloudFormation StackResourceSummary"),
        ResourceStatusReason = member.ChildText("ResourceStatusReason"),
        LastUpdatedTimestamp = member.Time("LastUpdatedTimestamp"),
        DriftInformation = DriftInformation.FromXml(member.Child("DriftInformation"), "StackResourceDriftStatus"),
    };
}
