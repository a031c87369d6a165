using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>Where one shard writes its records through to the data directory before acknowledging them.</summary>
internal sealed record KinesisShardJournal(DurableStore Store, string Region, string Stream, int Shard)
{
    public void Append(IReadOnlyList<KinesisRecord> records, long counter) => Store.AppendRecords(Region, Stream, Shard, records, counter);

    public void Trim(long counter) => Store.TrimRecords(Region, Stream, Shard, counter);
}
