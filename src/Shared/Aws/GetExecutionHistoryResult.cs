using System.Text.Json;

namespace Sluice.Shared.Aws;

public sealed class GetExecutionHistoryResult
{
    public required IReadOnlyList<HistoryEvent> Events { get; init; }

    public string? NextToken { get; init; }

    /// <summary>A GetExecutionHistory answer's body, read as the client reads it (for in-process callers of a Step Functions service).</summary>
    /// <exception cref="JsonException">The body is not such an answer.</exception>
    public static GetExecutionHistoryResult Parse(string json) =>
        JsonSerializer.Deserialize(json, StepFunctionsReadJsonContext.Default.GetExecutionHistoryResult)
            ?? throw new JsonException("A GetExecutionHistory answer must be a JSON object.");
}
