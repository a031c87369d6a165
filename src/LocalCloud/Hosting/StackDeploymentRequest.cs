namespace Sluice.LocalCloud.Hosting;

/// <summary>A template file to deploy into a started host as a CloudFormation stack (every capability granted).</summary>
public sealed record StackDeploymentRequest(string TemplatePath)
{
    public string StackName { get; init; } = "sluice-dev";

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
