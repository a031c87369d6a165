using System.Text.Json.Serialization;

namespace Sluice.Cli.GitOps;

/// <summary>The state folder's files and <c>sluice gitops ... --json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WatchSettings))]
[JsonSerializable(typeof(StageRecord))]
[JsonSerializable(typeof(List<StageRecord>))]
[JsonSerializable(typeof(LogEntry))]
[JsonSerializable(typeof(ArtifactRecord))]
[JsonSerializable(typeof(List<ChangeLine>))]
internal sealed partial class GitOpsJsonContext : JsonSerializerContext;
