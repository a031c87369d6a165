using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>A record read with GetRecords.</summary>
public sealed class KinesisStreamRecord
{
    public required string SequenceNumber { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? ApproximateArrivalTimestamp { get; init; }

    public required byte[] Data { get; init; }

    public required string PartitionKey { get; init; }

    public string? EncryptionType { get; init; }
}
