namespace Sluice.LocalCloud.Persistence;

/// <summary>The tables, one group per service; each service's partial file reads and writes its own.</summary>
internal sealed partial class DurableStore
{
    private static string[] Schema =>
    [
        "CREATE TABLE IF NOT EXISTS kinesis_stream(region TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, mode TEXT NOT NULL, created_ms INTEGER NOT NULL, incarnation TEXT NOT NULL, shard_count INTEGER NOT NULL, retention_hours INTEGER NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        // The last counter each shard handed out: sequence numbers never repeat, even after every record was trimmed.
        "CREATE TABLE IF NOT EXISTS kinesis_shard(region TEXT NOT NULL, stream TEXT NOT NULL, shard INTEGER NOT NULL, counter INTEGER NOT NULL, PRIMARY KEY(region, stream, shard)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS kinesis_record(region TEXT NOT NULL, stream TEXT NOT NULL, shard INTEGER NOT NULL, counter INTEGER NOT NULL, arrival_ms INTEGER NOT NULL, partition_key TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(region, stream, shard, counter)) WITHOUT ROWID",
    ];
}
