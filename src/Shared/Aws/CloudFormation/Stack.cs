namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One stack as DescribeStacks answers it.</summary>
public sealed record Stack
{
    public required string StackName { get; init; }

    public string? StackId { get; init; }

    /// <summary>e.g. CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, REVIEW_IN_PROGRESS.</summary>
    public required string StackStatus { get; init; }

    public string? StackStatusReason { get; init; }

    public string? Description { get; init; }

    /// <summary>The change set that last created or updated the stack, if any.</summary>
    public string? ChangeSetId { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? LastUpdatedTime { get; init; }

    public DateTimeOffset? DeletionTime { get; init; }

    public IReadOnlyList<StackParameter> Parameters { get; init; } = [];

    public IReadOnlyList<StackOutput> Outputs { get; init; } = [];

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<StackTag> Tags { get; init; } = [];

    public IReadOnlyList<string> NotificationArns { get; init; } = [];

    public string? RoleArn { get; init; }

    public bool? DisableRollback { get; init; }

    public bool? EnableTerminationProtection { get; init; }

    public int? TimeoutInMinutes { get; init; }

    public string? ParentId { get; init; }

    public string? RootId { get; init; }

    public DriftInformation? DriftInformation { get; init; }

    /// <summary>The outputs as a key-to-value map (outputs without a value are left out).</summary>
    public IReadOnlyDictionary<string, string> OutputValues =>
        Outputs.Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!, StringComparer.Ordinal);

    internal static Stack FromXml(XmlNode member) => new()
    {
        StackName = member.Required("StackName", "CloudFormation Stack"),
        StackId = member.ChildText("StackId"),
        StackStatus = member.Required("StackStatus", "CloudFormation Stack"),
        StackStatusReason = member.ChildText("StackStatusReason"),
        Description = member.ChildText("Description"),
        ChangeSetId = member.ChildText("ChangeSetId"),
        CreationTime = member.Time("CreationTime") ?? throw new InvalidDataException("CloudFormation Stack has no CreationTime."),
        LastUpdatedTime = member.Time("LastUpdatedTime"),
        DeletionTime = member.Time("DeletionTime"),
        Parameters = [.. member.Members("Parameters").Select(StackParameter.FromXml)],
        Outputs = [.. member.Members("Outputs").Select(StackOutput.FromXml)],
        Capabilities = member.Strings("Capabilities"),
        Tags = [.. member.Members("Tags").Select(StackTag.FromXml)],
        NotificationArns = member.Strings("NotificationARNs"),
        RoleArn = member.ChildText("RoleARN"),
        DisableRollback = member.Bool("DisableRollback"),
        EnableTerminationProtection = member.Bool("EnableTerminationProtection"),
        TimeoutInMinutes = member.Int("TimeoutInMinutes"),
        ParentId = member.ChildText("ParentId"),
        RootId = member.ChildText("RootId"),
        DriftInformation = DriftInformation.FromXml(member.Child("DriftInformation"), "StackDriftStatus"),
    };
}
