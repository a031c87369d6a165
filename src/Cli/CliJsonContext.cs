using System.Text.Json.Serialization;
using Sluice.Cli.History;
using Sluice.Cli.Put;
using Sluice.Cli.Watch;

namespace Sluice.Cli;

/// <summary>The CLI's --json output boundary.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(PutSummary))]
[JsonSerializable(typeof(HistoryReport))]
[JsonSerializable(typeof(WatchSnapshot))]
[JsonSerializable(typeof(ExecutionTrace))]
[JsonSerializable(typeof(Replay.ReplayReport))]
[JsonSerializable(typeof(Redrive.RedriveReport))]
[JsonSerializable(typeof(Build.BuildReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
