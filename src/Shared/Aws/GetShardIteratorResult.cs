namespace Sluice.Shared.Aws;

internal sealed class GetShardIteratorResult
{
    public required string ShardIterator { get; init; }
}
