using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>
/// The call a function makes (the Orchestrator's PutRecords); the reads only the CLI makes live in
/// <see cref="KinesisReadJsonContext"/>, so they stay out of the functions' binaries.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutRecordsRequest))]
[JsonSerializable(typeof(PutRecordsResult))]
internal sealed partial class KinesisJsonContext : JsonSerializerContext;
