namespace Sluice.LocalCloud.CloudFormation.Stacks;

/// <summary>What CreateStack, UpdateStack and CreateChangeSet submit.</summary>
internal sealed record StackInput
{
    public required string StackName { get; init; }

    public string? TemplateBody { get; init; }

    public string? TemplateUrl { get; init; }

    /// <summary>A template file on this machine (sluice up, the standalone host): relative CodeUri paths resolve from its folder.</summary>
    public string? TemplatePath { get; init; }

    public bool UsePreviousTemplate { get; init; }

    public IReadOnlyList<ParameterInput> Parameters { get; init; } = [];

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>>? Tags { get; init; }

    public IReadOnlyList<string>? NotificationArns { get; init; }

    public bool DisableRollback { get; init; }

    /// <summary>ROLLBACK (default), DELETE or DO_NOTHING.</summary>
    public string? OnFailure { get; init; }

    public int? TimeoutInMinutes { get; init; }

    public bool EnableTerminationProtection { get; init; }

    /// <summary>CreateChangeSet's DeploymentMode REVERT_DRIFT: drifted resources are brought back to the template too.</summary>
    public bool RevertDrift { get; init; }
}

internal sealed record ParameterInput(string Key, string? Value, bool UsePreviousValue);
