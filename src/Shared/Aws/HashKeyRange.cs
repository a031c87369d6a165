namespace Sluice.Shared.Aws;

/// <summary>Decimal 128-bit hash keys, as strings on the wire.</summary>
public sealed class HashKeyRange
{
    public required string StartingHashKey { get; init; }

    public required string EndingHashKey { get; init; }
}
