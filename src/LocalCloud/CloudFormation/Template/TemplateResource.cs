using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A resource as declared (after the SAM transform), before its intrinsics are evaluated.</summary>
internal sealed record TemplateResource(string LogicalId, string Type, JsonObject Properties, string? Condition, IReadOnlyList<string> DependsOn)
{
    /// <summary>Where the resource came from, for messages (e.g. "SAM event OrderStream of IngestFunction").</summary>
    public string? GeneratedFrom { get; init; }

    /// <summary>What deleting the stack or removing the resource does to it: Delete (null), Retain or RetainExceptOnCreate.</summary>
    public string? DeletionPolicy { get; init; }

    /// <summary>What a replacement does to the old resource: Delete (null) or Retain.</summary>
    public string? UpdateReplacePolicy { get; init; }

    /// <summary>The resource's UpdatePolicy (here: an alias's CodeDeployLambdaAliasUpdate), or null.</summary>
    public JsonObject? UpdatePolicy { get; init; }

    public string Where => GeneratedFrom is null ? $"Resources.{LogicalId}" : $"Resources.{LogicalId} ({GeneratedFrom})";
}
