namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Where and as what a template is deployed: the pseudo-parameters and the parameter overrides.</summary>
internal sealed record StackSettings
{
    /// <summary>samconfig.toml's default stack, so names match a personal dev stack in AWS.</summary>
    public string StackName { get; init; } = "sluice-dev";

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    public string Partition { get; init; } = "aws";

    public string UrlSuffix { get; init; } = "amazonaws.com";

    /// <summary>The stack's ARN (AWS::StackId); derived from the name when not given.</summary>
    public string? StackId { get; init; }

    /// <summary>Fn::ImportValue: the value another stack exports under a name, null when none does.</summary>
    public Func<string, string?> Exports { get; init; } = _ => null;

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
