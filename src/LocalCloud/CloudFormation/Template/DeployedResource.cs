namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>What became of a template resource: its Ref value and GetAtt attributes, and whether it runs locally.</summary>
internal sealed record DeployedResource(string LogicalId, string Type, ResourceStatus Status, string PhysicalId, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Why it is not emulated, or the condition that kept it out.</summary>
    public string? Note { get; init; }

    /// <summary>The properties it was created or last updated with, every intrinsic evaluated.</summary>
    public System.Text.Json.Nodes.JsonObject? Properties { get; init; }
}

internal enum ResourceStatus
{
    /// <summary>Created in a local service.</summary>
    Created,

    /// <summary>Named and given its ARN as CloudFormation would, but nothing local acts on it (IAM, logs, alarms, KMS).</summary>
    NotEmulated,

    /// <summary>Left out because its Condition is false.</summary>
    ConditionFalse,
}
