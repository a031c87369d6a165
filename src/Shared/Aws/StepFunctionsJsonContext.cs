using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>
/// The call a function makes (the Processor's StartExecution). A source-generated context keeps
/// every type it registers, so the read calls only the CLI makes live in
/// <see cref="StepFunctionsReadJsonContext"/> and stay out of the functions' binaries.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StartExecutionRequest))]
[JsonSerializable(typeof(StartExecutionResult))]
internal sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
