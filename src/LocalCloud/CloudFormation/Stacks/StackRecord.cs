using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation.Stacks;

/// <summary>One stack as CloudFormation keeps it: plain data, changed only under the service's lock.</summary>
internal sealed class StackRecord
{
    public required string StackId { get; init; }

    public required string StackName { get; init; }

    public string Status { get; set; } = StackStatus.ReviewInProgress;

    public string? StatusReason { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public DateTimeOffset? DeletionTime { get; set; }

    /// <summary>The template as submitted (GetTemplate's Original stage).</summary>
    public string TemplateBody { get; set; } = "";

    /// <summary>Where relative CodeUri and DefinitionUri paths resolve from: the template file, or a name in the host's folder.</summary>
    public string TemplatePath { get; set; } = "";

    public List<StackParameter> Parameters { get; set; } = [];

    public List<KeyValuePair<string, string>> Tags { get; set; } = [];

    public List<string> Capabilities { get; set; } = [];

    public List<string> NotificationArns { get; set; } = [];

    public List<StackOutput> Outputs { get; set; } = [];

    /// <summary>Current resources in creation order.</summary>
    public List<StackResourceRecord> Resources { get; set; } = [];

    /// <summary>Kept beside the record in the data directory, appended to rather than rewritten.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<StackEventRecord> Events { get; } = [];

    public bool DisableRollback { get; set; }

    public bool EnableTerminationProtection { get; set; }

    public int? TimeoutInMinutes { get; set; }

    public string? ChangeSetId { get; set; }

    /// <summary>Bumped by every update, so replacements get new generated names.</summary>
    public int Generation { get; set; }

    public string DriftStatus { get; set; } = "NOT_CHECKED";

    public DateTimeOffset? LastDriftCheck { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDeleted => Status == StackStatus.DeleteComplete;

    /// <summary>The settings its template is evaluated with.</summary>
    public StackSettings Settings(StackSettings host) => host with
    {
        StackName = StackName,
        StackId = StackId,
        Parameters = Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };
}

internal sealed record StackParameter(string Key, string Value, bool NoEcho);

internal sealed record StackOutput(string Key, string Value, string? Description, string? ExportName);

/// <summary>A resource of a stack and its last status.</summary>
internal sealed class StackResourceRecord
{
    public required DeployedResource Resource { get; set; }

    public string Status { get; set; } = "CREATE_COMPLETE";

    public string? StatusReason { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    public string DriftStatus { get; set; } = "NOT_CHECKED";

    public DateTimeOffset? LastDriftCheck { get; set; }

    public List<PropertyDifference> Differences { get; set; } = [];

    public string? ActualProperties { get; set; }
}

internal sealed record PropertyDifference(string PropertyPath, string? ExpectedValue, string? ActualValue, string DifferenceType);

internal sealed record StackEventRecord(
    string StackId,
    string EventId,
    string StackName,
    string LogicalResourceId,
    string PhysicalResourceId,
    string ResourceType,
    DateTimeOffset Timestamp,
    string ResourceStatus,
    string? ResourceStatusReason,
    string? ResourceProperties);

/// <summary>The stack and resource statuses CloudFormation reports.</summary>
internal static class StackStatus
{
    public const string ReviewInProgress = "REVIEW_IN_PROGRESS";
    public const string CreateInProgress = "CREATE_IN_PROGRESS";
    public const string CreateComplete = "CREATE_COMPLETE";
    public const string CreateFailed = "CREATE_FAILED";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackComplete = "ROLLBACK_COMPLETE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string DeleteComplete = "DELETE_COMPLETE";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DeleteSkipped = "DELETE_SKIPPED";
    public const string UpdateInProgress = "UPDATE_IN_PROGRESS";
    public const string UpdateCompleteCleanupInProgress = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateComplete = "UPDATE_COMPLETE";
    public const string UpdateFailed = "UPDATE_FAILED";
    public const string UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS";
    public const string UpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE";

    /// <summary>States from which UpdateStack and an UPDATE change set may start.</summary>
    public static readonly IReadOnlySet<string> Updatable = new HashSet<string>(StringComparer.Ordinal)
    {
        CreateComplete, UpdateComplete, UpdateRollbackComplete, UpdateFailed,
    };

    /// <summary>Where an operation in <paramref name="status"/> ends when it fails outright (an internal error, or the host stopping during it).</summary>
    public static string FailedEnding(string status) => status switch
    {
        CreateInProgress or RollbackInProgress => RollbackComplete,
        DeleteInProgress => DeleteFailed,
        _ => UpdateRollbackComplete,
    };

    public static bool InProgress(string status) => status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != ReviewInProgress;
}
