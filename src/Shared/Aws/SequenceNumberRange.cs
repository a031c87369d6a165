namespace Sluice.Shared.Aws;

/// <summary>EndingSequenceNumber is null while the shard is open.</summary>
public sealed class SequenceNumberRange
{
    public required string StartingSequenceNumber { get; init; }

    public string? EndingSequenceNumber { get; init; }
}
