using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

// Wire shapes of the Kinesis requests (PascalCase as on the wire). Kept together: property bags
// with no behaviour.

internal sealed class PutRecordsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required IReadOnlyList<PutRecordsRequestEntry> Records { get; init; }
}

internal sealed class ListShardsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

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

internal sealed class GetShardIteratorResult
{
    public required string ShardIterator { get; init; }
}

internal sealed class GetRecordsRequest
{
    public required string ShardIterator { get; init; }

    public int? Limit { get; init; }

    public string? StreamARN { get; init; }
}
