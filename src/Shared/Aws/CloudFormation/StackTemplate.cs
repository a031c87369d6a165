namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>GetTemplate's answer: the template text (JSON or YAML as submitted) and its stages (Original, Processed).</summary>
public sealed record StackTemplate(string TemplateBody, IReadOnlyList<string> StagesAvailable);
