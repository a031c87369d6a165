using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>The Step Functions calls that read executions and state machines (the CLI's).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DescribeExecutionRequest))]
[JsonSerializable(typeof(DescribeExecutionResult))]
[JsonSerializable(typeof(ListExecutionsRequest))]
[JsonSerializable(typeof(ListExecutionsResult))]
[JsonSerializable(typeof(GetExecutionHistoryRequest))]
[JsonSerializable(typeof(GetExecutionHistoryResult))]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesResult))]
internal sealed partial class StepFunctionsReadJsonContext : JsonSerializerContext;
