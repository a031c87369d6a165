namespace Sluice.Shared.Aws;

public sealed class Shard
{
    public required string ShardId { get; init; }

    public string? ParentShardId { get; init; }

    public string? AdjacentParentShardId { get; init; }

    public required HashKeyRange HashKeyRange { get; init; }

    public required SequenceNumberRange SequenceNumberRange { get; init; }
}
