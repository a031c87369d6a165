using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A resource as declared (after the SAM transform), before its intrinsics are evaluated.</summary>
internal sealed record TemplateResource(string LogicalId, string Type, JsonObject Properties, string? Condition, IReadOnlyList<string> DependsOn)
{
    /// <summary>Where the resource came from, for messages (e.g. "SAM event OrderStream of IngestFunction").</summary>
    public string? GeneratedFrom { get; init; }

    public string Where => GeneratedFrom is null ? $"Resources.{LogicalId}" : $"Resources.{LogicalId} ({GeneratedFrom})";
}
