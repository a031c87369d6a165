using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

internal sealed class GetShardIteratorRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required string ShardId { get; init; }

    public required string ShardIteratorType { get; init; }

    public string? StartingSequenceNumber { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? Timestamp { get; init; }
}
