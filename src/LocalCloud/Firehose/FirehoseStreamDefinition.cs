namespace Sluice.LocalCloud.Firehose;

/// <summary>What CreateDeliveryStream asks for: the name, the source and the destination.</summary>
internal sealed record FirehoseStreamDefinition(string Name, FirehoseS3Destination Destination)
{
    /// <summary>DirectPut or KinesisStreamAsSource.</summary>
    public string Type { get; init; } = "DirectPut";

    public string? KinesisStreamArn { get; init; }

    public string? KinesisRoleArn { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];
}
