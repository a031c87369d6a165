namespace Sluice.Shared.Aws;

/// <summary>NextShardIterator is null once a closed shard is fully read; ChildShards then names its children.</summary>
public sealed class GetRecordsResult
{
    public required IReadOnlyList<KinesisStreamRecord> Records { get; init; }

    public string? NextShardIterator { get; init; }

    public long? MillisBehindLatest { get; init; }

    public IReadOnlyList<ChildShard>? ChildShards { get; init; }
}
