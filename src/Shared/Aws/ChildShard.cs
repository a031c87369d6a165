namespace Sluice.Shared.Aws;

public sealed class ChildShard
{
    public required string ShardId { get; init; }

    public required IReadOnlyList<string> ParentShards { get; init; }

    public required HashKeyRange HashKeyRange { get; init; }
}
