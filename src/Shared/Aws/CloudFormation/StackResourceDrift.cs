namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One resource's drift (DescribeStackResourceDrifts): expected and actual properties as JSON text, and how they differ.</summary>
public sealed record StackResourceDrift
{
    public required string StackId { get; init; }

    public required string LogicalResourceId { get; init; }

    public string? PhysicalResourceId { get; init; }

    public required string ResourceType { get; init; }

    /// <summary>IN_SYNC, MODIFIED, DELETED or NOT_CHECKED.</summary>
    public required string StackResourceDriftStatus { get; init; }

    public string? ExpectedProperties { get; init; }

    public string? ActualProperties { get; init; }

    public IReadOnlyList<PropertyDifference> PropertyDifferences { get; init; } = [];

    public required DateTimeOffset Timestamp { get; init; }

    internal static StackResourceDrift FromXml(XmlNode member) => new()
    {
        StackId = member.Required("StackId", "CloudFormation StackResourceDrift"),
        LogicalResourceId = member.Required("LogicalResourceId", "CloudFormation StackResourceDrift"),
        PhysicalResourceId = member.ChildText("PhysicalResourceId"),
        ResourceType = member.Required("ResourceType", "CloudFormation StackResourceDrift"),
        StackResourceDriftStatus = member.Required("StackResourceDriftStatus", "CloudFormation StackResourceDrift"),
        ExpectedProperties = member.ChildText("ExpectedProperties"),
        ActualProperties = member.ChildText("ActualProperties"),
        PropertyDifferences = [.. member.Members("PropertyDifferences").Select(PropertyDifference.FromXml)],
        Timestamp = member.Time("Timestamp") ?? throw new InvalidDataException("CloudFormation StackResourceDrift has no Timestamp."),
    };
}
