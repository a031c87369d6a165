using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A template read, checked and put in creation order; nothing is created yet.</summary>
internal sealed record LoadedTemplate(
    string Path,
    StackSettings Settings,
    IReadOnlyList<TemplateResource> Resources,
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    JsonObject Conditions,
    JsonObject Mappings,
    JsonObject Outputs)
{
    /// <summary>The template declares AWS::LanguageExtensions (its loops are already expanded).</summary>
    public bool LanguageExtensions { get; init; }

    /// <summary>SAM resolves CodeUri and DefinitionUri from the template's folder.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
}
