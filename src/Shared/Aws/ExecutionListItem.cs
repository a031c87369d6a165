using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

public sealed class ExecutionListItem
{
    public required string ExecutionArn { get; init; }

    public required string StateMachineArn { get; init; }

    public required string Name { get; init; }

    public required string Status { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset StartDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StopDate { get; init; }

    public string? MapRunArn { get; init; }

    public int? ItemCount { get; init; }

    public int? RedriveCount { get; init; }
}
