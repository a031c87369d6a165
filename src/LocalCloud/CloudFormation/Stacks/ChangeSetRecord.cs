namespace Sluice.LocalCloud.CloudFormation.Stacks;

/// <summary>A change set: what it would submit, and the changes it computed.</summary>
internal sealed class ChangeSetRecord
{
    public required string ChangeSetId { get; init; }

    public required string ChangeSetName { get; init; }

    public required string StackId { get; init; }

    public required string StackName { get; init; }

    public required string ChangeSetType { get; init; }

    public required StackInput Input { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public string Status { get; set; } = "CREATE_PENDING";

    public string? StatusReason { get; set; }

    public string ExecutionStatus { get; set; } = "UNAVAILABLE";

    public List<ResourceChange> Changes { get; set; } = [];

    public List<StackParameter> Parameters { get; set; } = [];

    /// <summary>A drift-aware change set's drifted resources that the template leaves alone: executing it sets them back.</summary>
    [System.Text.Json.Serialization.JsonObjectCreationHandling(System.Text.Json.Serialization.JsonObjectCreationHandling.Populate)]
    public HashSet<string> Reverts { get; } = new(StringComparer.Ordinal);
}

/// <summary>One resource's change as DescribeChangeSet lists it.</summary>
internal sealed record ResourceChange(
    string Action,
    string LogicalResourceId,
    string? PhysicalResourceId,
    string ResourceType,
    string? Replacement,
    IReadOnlyList<string> Scope,
    IReadOnlyList<ResourceChangeDetail> Details,
    string? DriftStatus = null);

/// <summary>One property's change; a drift-aware change set adds where the before value comes from and the drift.</summary>
internal sealed record ResourceChangeDetail(
    string Attribute,
    string? Name,
    string RequiresRecreation,
    string Evaluation,
    string ChangeSource,
    string? CausingEntity,
    DriftedValue? Drift = null);

/// <summary>A drifted property: the value the last deployment set and the value the resource has now.</summary>
internal sealed record DriftedValue(string? PreviousValue, string? ActualValue, DateTimeOffset DetectedAt);
