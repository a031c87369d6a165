using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

public sealed class DescribeStreamSummaryResult
{
    public StreamDescriptionSummary StreamDescriptionSummary { get; init; } = new();
}

/// <summary>The members of DescribeStreamSummary's answer that the CLI reads.</summary>
public sealed class StreamDescriptionSummary
{
    public string StreamName { get; init; } = string.Empty;

    public string StreamARN { get; init; } = string.Empty;

    public string StreamStatus { get; init; } = string.Empty;

    /// <summary>How long records stay readable: 24 to 8,760 hours.</summary>
    public int RetentionPeriodHours { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset StreamCreationTimestamp { get; init; }

    public int OpenShardCount { get; init; }
}
