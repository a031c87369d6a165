namespace Sluice.LocalCloud.Hosting;

/// <summary>A template file to deploy into a started host as a CloudFormation stack (every capability granted).</summary>
public sealed record StackDeploymentRequest(string TemplatePath)
{
    /// <summary>The stack to create; `sluice up` uses the default.</summary>
    public string StackName { get; init; } = "sluice-dev";

    /// <summary>Template parameter values by name; the template's defaults fill the rest.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
