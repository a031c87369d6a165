namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One resource a change set would add, modify, remove, import or leave in place (Dynamic).</summary>
public sealed record ResourceChange
{
    /// <summary>Add, Modify, Remove, Import or Dynamic.</summary>
    public required string Action { get; init; }

    public required string LogicalResourceId { get; init; }

    public string? PhysicalResourceId { get; init; }

    public string? ResourceType { get; init; }

    /// <summary>For Modify: True, False or Conditional.</summary>
    public string? Replacement { get; init; }

    /// <summary>What the change touches: Properties, Metadata, CreationPolicy, UpdatePolicy, DeletionPolicy, UpdateReplacePolicy, Tags.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    public IReadOnlyList<ResourceChangeDetail> Details { get; init; } = [];

    /// <summary>For a nested stack: its own change set.</summary>
    public string? ChangeSetId { get; init; }

    /// <summary>In a drift-aware change set (REVERT_DRIFT): the resource's drift, IN_SYNC, MODIFIED, DELETED, NOT_CHECKED, UNKNOWN or UNSUPPORTED.</summary>
    public string? ResourceDriftStatus { get; init; }

    internal static ResourceChange FromXml(XmlNode node) => new()
    {
        Action = node.Required("Action", "CloudFormation ResourceChange"),
        LogicalResourceId = node.Required("LogicalResourceId", "CloudFormation ResourceChange"),
        PhysicalResourceId = node.ChildText("PhysicalResourceId"),
        ResourceType = node.ChildText("ResourceType"),
        Replacement = node.ChildText("Replacement"),
        Scope = node.Strings("Scope"),
        Details = [.. node.Members("Details").Select(ResourceChangeDetail.FromXml)],
        ChangeSetId = node.ChildText("ChangeSetId"),
        ResourceDriftStatus = node.ChildText("ResourceDriftStatus"),
    };
}
