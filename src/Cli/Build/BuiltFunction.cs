namespace Sluice.Cli.Build;

/// <summary>One function's artifact folder and how long its make target took.</summary>
internal sealed record BuiltFunction(string LogicalId, string ArtifactsDir, double Seconds);
