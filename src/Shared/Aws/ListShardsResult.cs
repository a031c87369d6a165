namespace Sluice.Shared.Aws;

public sealed class ListShardsResult
{
    public required IReadOnlyList<Shard> Shards { get; init; }

    public string? NextToken { get; init; }
}
