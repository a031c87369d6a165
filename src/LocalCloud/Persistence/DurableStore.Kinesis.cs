using Microsoft.Data.Sqlite;
using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.Persistence;

/// <summary>Kinesis: streams, each shard's last counter, and the records within retention.</summary>
internal sealed partial class DurableStore
{
    public void SaveStream(string region, KinesisStream stream) => Write((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO kinesis_stream VALUES($region, $name, $arn, $mode, $created, $incarnation, $shards, $retention) "
            + "ON CONFLICT(region, name) DO UPDATE SET retention_hours = excluded.retention_hours";
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", stream.Name);
        command.Parameters.AddWithValue("$arn", stream.Arn);
        command.Parameters.AddWithValue("$mode", stream.Mode);
        command.Parameters.AddWithValue("$created", stream.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$incarnation", stream.Incarnation.ToString("N"));
        command.Parameters.AddWithValue("$shards", stream.Shards.Count);
        command.Parameters.AddWithValue("$retention", stream.RetentionHours);
        command.ExecuteNonQuery();
        WriteSettings(connection, transaction, region, stream.Name, stream.Settings);
    });

    /// <summary>A stream's capacity mode and its settings (tags, encryption, monitoring, policy, consumers) as one commit.</summary>
    public void SaveStreamSettings(string region, string name, string mode, KinesisStreamSettings settings) => Write((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE kinesis_stream SET mode = $mode WHERE region = $region AND name = $name";
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$mode", mode);
        command.ExecuteNonQuery();
        WriteSettings(connection, transaction, region, name, settings);
    });

    private static void WriteSettings(SqliteConnection connection, SqliteTransaction transaction, string region, string name, KinesisStreamSettings settings)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO kinesis_stream_settings VALUES($region, $name, $settings) ON CONFLICT(region, name) DO UPDATE SET settings = excluded.settings";
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$settings", settings.ToJson());
        command.ExecuteNonQuery();
    }

    public void DeleteStream(string region, string name) => Write((connection, transaction) =>
    {
        foreach (var table in (string[])["kinesis_stream", "kinesis_stream_settings", "kinesis_shard_layout", "kinesis_shard", "kinesis_record"])
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE region = $region AND {(table is "kinesis_shard" or "kinesis_record" ? "stream" : "name")} = $name";
            command.Parameters.AddWithValue("$region", region);
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }
    });

    /// <summary>A split or merge: the stream's shard count and every shard's layout, as one commit.</summary>
    public void SaveShardLayout(string region, KinesisStream stream) => Write((connection, transaction) =>
    {
        var shards = stream.Shards;
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "UPDATE kinesis_stream SET shard_count = $shards WHERE region = $region AND name = $name";
            count.Parameters.AddWithValue("$region", region);
            count.Parameters.AddWithValue("$name", stream.Name);
            count.Parameters.AddWithValue("$shards", shards.Count);
            count.ExecuteNonQuery();
        }
        var layout = shards.Select(s => new StoredShard(
            s.StartingHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture), s.EndingHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
            s.ParentShardId, s.AdjacentParentShardId, s.CreatedAt.ToUnixTimeMilliseconds(), s.ClosedCounter, s.ClosedAt?.ToUnixTimeMilliseconds())).ToArray();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO kinesis_shard_layout VALUES($region, $name, $layout) ON CONFLICT(region, name) DO UPDATE SET layout = excluded.layout";
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", stream.Name);
        command.Parameters.AddWithValue("$layout", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(layout, StoreJson.Default.StoredShardArray));
        command.ExecuteNonQuery();
    });

    /// <summary>Records appended to one shard, and the shard's new last counter, as one commit.</summary>
    public void AppendRecords(string region, string stream, int shard, IReadOnlyList<KinesisRecord> records, long counter) => Write((connection, transaction) =>
    {
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO kinesis_record VALUES($region, $stream, $shard, $counter, $arrival, $key, $data)";
            insert.Parameters.AddWithValue("$region", region);
            insert.Parameters.AddWithValue("$stream", stream);
            insert.Parameters.AddWithValue("$shard", shard);
            var counterParameter = insert.Parameters.Add("$counter", SqliteType.Integer);
            var arrival = insert.Parameters.Add("$arrival", SqliteType.Integer);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            foreach (var record in records)
            {
                counterParameter.Value = record.Counter;
                arrival.Value = record.ArrivalTime.ToUnixTimeMilliseconds();
                key.Value = record.PartitionKey;
                data.Value = record.Data;
                insert.ExecuteNonQuery();
            }
        }
        using var last = connection.CreateCommand();
        last.Transaction = transaction;
        last.CommandText = "INSERT INTO kinesis_shard VALUES($region, $stream, $shard, $counter) ON CONFLICT(region, stream, shard) DO UPDATE SET counter = excluded.counter";
        last.Parameters.AddWithValue("$region", region);
        last.Parameters.AddWithValue("$stream", stream);
        last.Parameters.AddWithValue("$shard", shard);
        last.Parameters.AddWithValue("$counter", counter);
        last.ExecuteNonQuery();
    });

    /// <summary>Forgets a shard's records before <paramref name="counter"/> (past retention).</summary>
    public void TrimRecords(string region, string stream, int shard, long counter) => Write((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM kinesis_record WHERE region = $region AND stream = $stream AND shard = $shard AND counter < $counter";
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$stream", stream);
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$counter", counter);
        command.ExecuteNonQuery();
    });

    /// <summary>The region's streams as they were last acknowledged, with every shard's records and last counter.</summary>
    public IReadOnlyList<StoredStream> LoadStreams(string region) => Read(connection =>
    {
        var streams = new List<StoredStream>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, arn, mode, created_ms, incarnation, shard_count, retention_hours FROM kinesis_stream WHERE region = $region ORDER BY name";
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                streams.Add(new StoredStream(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    Guid.ParseExact(reader.GetString(4), "N"), reader.GetInt32(5), reader.GetInt32(6), new long[reader.GetInt32(5)], new List<StoredRecord>[reader.GetInt32(5)]));
            }
        }
        using (var settings = connection.CreateCommand())
        {
            settings.CommandText = "SELECT name, settings FROM kinesis_stream_settings WHERE region = $region";
            settings.Parameters.AddWithValue("$region", region);
            using var reader = settings.ExecuteReader();
            var byName = streams.ToDictionary(s => s.Name, StringComparer.Ordinal);
            while (reader.Read())
            {
                if (byName.TryGetValue(reader.GetString(0), out var owner))
                {
                    owner.Settings = KinesisStreamSettings.FromJson((byte[])reader.GetValue(1));
                }
            }
        }
        using (var layouts = connection.CreateCommand())
        {
            layouts.CommandText = "SELECT name, layout FROM kinesis_shard_layout WHERE region = $region";
            layouts.Parameters.AddWithValue("$region", region);
            using var reader = layouts.ExecuteReader();
            var byName = streams.ToDictionary(s => s.Name, StringComparer.Ordinal);
            while (reader.Read())
            {
                if (byName.TryGetValue(reader.GetString(0), out var owner))
                {
                    owner.Layout = System.Text.Json.JsonSerializer.Deserialize((byte[])reader.GetValue(1), StoreJson.Default.StoredShardArray);
                }
            }
        }
        foreach (var stream in streams)
        {
            for (var i = 0; i < stream.ShardCount; i++)
            {
                stream.Records[i] = [];
            }
            using (var counters = connection.CreateCommand())
            {
                counters.CommandText = "SELECT shard, counter FROM kinesis_shard WHERE region = $region AND stream = $stream";
                counters.Parameters.AddWithValue("$region", region);
                counters.Parameters.AddWithValue("$stream", stream.Name);
                using var reader = counters.ExecuteReader();
                while (reader.Read())
                {
                    stream.Counters[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }
            using var records = connection.CreateCommand();
            records.CommandText = "SELECT shard, counter, arrival_ms, partition_key, data FROM kinesis_record WHERE region = $region AND stream = $stream ORDER BY shard, counter";
            records.Parameters.AddWithValue("$region", region);
            records.Parameters.AddWithValue("$stream", stream.Name);
            using var rows = records.ExecuteReader();
            while (rows.Read())
            {
                stream.Records[rows.GetInt32(0)].Add(new StoredRecord(rows.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(2)), rows.GetString(3), (byte[])rows.GetValue(4)));
            }
        }
        return streams;
    });

    internal sealed record StoredStream(string Name, string Arn, string Mode, DateTimeOffset Created, Guid Incarnation, int ShardCount, int RetentionHours, long[] Counters, List<StoredRecord>[] Records)
    {
        /// <summary>Tags, encryption, monitoring, policy and consumers; empty for a data directory written before they were kept.</summary>
        public KinesisStreamSettings Settings { get; set; } = KinesisStreamSettings.Empty;

        /// <summary>Every shard in index order once the stream has been split or merged; null while it has its first shards.</summary>
        public StoredShard[]? Layout { get; set; }
    }

    /// <summary>One shard of a resharded stream: hash keys (decimal), parents, when it was made, and its end once closed.</summary>
    internal sealed record StoredShard(string Start, string End, string? Parent, string? Adjacent, long CreatedMs, long? ClosedCounter, long? ClosedAtMs);

    internal sealed record StoredRecord(long Counter, DateTimeOffset ArrivalTime, string PartitionKey, byte[] Data);
}
