using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

public sealed class StartExecutionResult
{
    public required string ExecutionArn { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset StartDate { get; init; }
}
