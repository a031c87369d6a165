using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>
/// The Step Functions calls only the CLI makes: reading executions and state machines, and
/// RedriveExecution (<c>sluice redrive</c>); none of them is in a function's binary.
/// </summary>
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
[JsonSerializable(typeof(RedriveExecutionRequest))]
[JsonSerializable(typeof(RedriveExecutionResult))]
internal sealed partial class StepFunctionsReadJsonContext : JsonSerializerContext;
