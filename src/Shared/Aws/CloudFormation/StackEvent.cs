namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One event of a stack as DescribeStackEvents answers it (newest first).</summary>
public sealed record StackEvent
{
    public required string EventId { get; init; }

    public required string StackId { get; init; }

    public required string StackName { get; init; }

    public string? LogicalResourceId { get; init; }

    public string? PhysicalResourceId { get; init; }

    public string? ResourceType { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public string? ResourceStatus { get; init; }

    public string? ResourceStatusReason { get; init; }

    /// <summary>The resource's properties as JSON text, as the template gave them.</summary>
    public string? ResourceProperties { get; init; }

    /// <summary>The token of the operation that caused the event (CreateStack, ExecuteChangeSet...).</summary>
    public string? ClientRequestToken { get; init; }

    internal static StackEvent FromXml(XmlNode member) => new()
    {
        EventId = member.Required("EventId", "CloudFormation StackEvent"),
        StackId = member.Required("StackId", "CloudFormation StackEvent"),
        StackName = member.Required("StackName", "CloudFormation StackEvent"),
        LogicalResourceId = member.ChildText("LogicalResourceId"),
        PhysicalResourceId = member.ChildText("PhysicalResourceId"),
        ResourceType = member.ChildText("ResourceType"),
        Timestamp = member.Time("Timestamp") ?? throw new InvalidDataException("CloudFormation StackEvent has no Timestamp."),
        ResourceStatus = member.ChildText("ResourceStatus"),
        ResourceStatusReason = member.ChildText("ResourceStatusReason"),
        ResourceProperties = member.ChildText("ResourceProperties"),
        ClientRequestToken = member.ChildText("ClientRequestToken"),
    };
}
