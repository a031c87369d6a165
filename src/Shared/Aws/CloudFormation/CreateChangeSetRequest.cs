namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>
/// What CreateChangeSet takes. Exactly one of <see cref="TemplateBody"/>, <see cref="TemplateUrl"/>
/// and <see cref="UsePreviousTemplate"/> says which template; <see cref="ChangeSetType"/> CREATE makes
/// a new stack (REVIEW_IN_PROGRESS until executed), UPDATE changes an existing one.
/// </summary>
public sealed record CreateChangeSetRequest
{
    public required string StackName { get; init; }

    /// <summary>1-128 characters, a letter first, then letters, digits and '-'.</summary>
    public required string ChangeSetName { get; init; }

    /// <summary>CREATE, UPDATE (the service's default) or IMPORT.</summary>
    public string? ChangeSetType { get; init; }

    public string? TemplateBody { get; init; }

    public string? TemplateUrl { get; init; }

    public bool? UsePreviousTemplate { get; init; }

    public IReadOnlyList<StackParameter> Parameters { get; init; } = [];

    /// <summary>CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND (needed for SAM's transform).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<StackTag> Tags { get; init; } = [];

    public IReadOnlyList<string> NotificationArns { get; init; } = [];

    public string? RoleArn { get; init; }

    public string? Description { get; init; }

    /// <summary>Makes a retried request idempotent (1-128 characters).</summary>
    public string? ClientToken { get; init; }

    public bool? IncludeNestedStacks { get; init; }

    /// <summary>For CREATE change sets: ROLLBACK, DELETE or DO_NOTHING when the execution fails.</summary>
    public string? OnStackFailure { get; init; }

    /// <summary>REVERT_DRIFT: a drift-aware change set that also brings drifted resources back to the template.</summary>
    public string? DeploymentMode { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(StackName);
        ArgumentException.ThrowIfNullOrEmpty(ChangeSetName);
        var sources = (TemplateBody is null ? 0 : 1) + (TemplateUrl is null ? 0 : 1) + (UsePreviousTemplate == true ? 1 : 0);
        if (sources != 1)
        {
            throw new ArgumentException("CreateChangeSet takes exactly one of TemplateBody, TemplateUrl and UsePreviousTemplate.");
        }
    }

    internal void Write(QueryForm form)
    {
        form.Add("StackName", StackName);
        form.Add("ChangeSetName", ChangeSetName);
        form.AddIfSet("ChangeSetType", ChangeSetType);
        form.AddIfSet("TemplateBody", TemplateBody);
        form.AddIfSet("TemplateURL", TemplateUrl);
        form.AddIfSet("UsePreviousTemplate", UsePreviousTemplate);
        form.AddMembers("Parameters", Parameters, StackParameter.Write);
        form.AddList("Capabilities", Capabilities);
        form.AddMembers("Tags", Tags, StackTag.Write);
        form.AddList("NotificationARNs", NotificationArns);
        form.AddIfSet("RoleARN", RoleArn);
        form.AddIfSet("Description", Description);
        form.AddIfSet("ClientToken", ClientToken);
        form.AddIfSet("IncludeNestedStacks", IncludeNestedStacks);
        form.AddIfSet("OnStackFailure", OnStackFailure);
        form.AddIfSet("DeploymentMode", DeploymentMode);
    }
}
