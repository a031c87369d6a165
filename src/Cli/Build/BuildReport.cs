namespace Sluice.Cli.Build;

/// <summary>What `sluice build --json` prints: the build folder, the built template and each function's artifact folder.</summary>
internal sealed record BuildReport(string BuildDir, string Template, IReadOnlyList<BuiltFunction> Functions, double Seconds);
