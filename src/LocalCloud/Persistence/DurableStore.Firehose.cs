using System.Text.Json;
using Sluice.LocalCloud.Firehose;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// Firehose: delivery streams (configuration, tags, version, and for a Kinesis source the position in
/// each shard up to which its records are in cut objects); the records a DirectPut stream buffers; the
/// objects cut from a buffer and not yet written to the bucket.
/// </summary>
internal sealed partial class DurableStore
{
    public static void SaveDeliveryStream(Batch batch, string region, StoredDeliveryStream stream) => batch.Run(
        "INSERT INTO firehose_stream(region, name, record) VALUES($region, $name, $record) ON CONFLICT(region, name) DO UPDATE SET record = excluded.record",
        ("$region", region), ("$name", stream.Definition.Name), ("$record", JsonSerializer.SerializeToUtf8Bytes(stream, StoreJson.Default.StoredDeliveryStream)));

    /// <summary>The stream with what it buffered and had not delivered (AWS drops both with it).</summary>
    public static void DeleteDeliveryStream(Batch batch, string region, string name)
    {
        foreach (var sql in (string[])["DELETE FROM firehose_stream WHERE region = $region AND name = $name", "DELETE FROM firehose_record WHERE region = $region AND stream = $name",
            "DELETE FROM firehose_object WHERE region = $region AND stream = $name"])
        {
            batch.Run(sql, ("$region", region), ("$name", name));
        }
    }

    public static void AddFirehoseRecord(Batch batch, string region, string stream, long seq, DateTimeOffset arrival, byte[] data) => batch.Run(
        "INSERT INTO firehose_record(region, stream, seq, arrival_ms, data) VALUES($region, $stream, $seq, $arrival, $data)",
        ("$region", region), ("$stream", stream), ("$seq", seq), ("$arrival", arrival.ToUnixTimeMilliseconds()), ("$data", data));

    /// <summary>An object cut from the buffer; the buffered records up to <paramref name="upToRecord"/> (inclusive) are in it now.</summary>
    public static void AddFirehoseObject(Batch batch, string region, string stream, FirehosePendingObject pending, long? upToRecord)
    {
        batch.Run("INSERT INTO firehose_object(region, stream, seq, key, body, records) VALUES($region, $stream, $seq, $key, $body, $records)",
            ("$region", region), ("$stream", stream), ("$seq", pending.Seq), ("$key", pending.Key), ("$body", pending.Body), ("$records", pending.Records));
        if (upToRecord is { } upTo)
        {
            batch.Run("DELETE FROM firehose_record WHERE region = $region AND stream = $stream AND seq <= $upTo", ("$region", region), ("$stream", stream), ("$upTo", upTo));
        }
    }

    public static void DeleteFirehoseObject(Batch batch, string region, string stream, long seq) =>
        batch.Run("DELETE FROM firehose_object WHERE region = $region AND stream = $stream AND seq = $seq", ("$region", region), ("$stream", stream), ("$seq", seq));

    public List<StoredFirehose> LoadFirehose(string region) => Read(connection =>
    {
        var streams = new List<StoredFirehose>();
        using (var command = Command(connection, null, "SELECT record FROM firehose_stream WHERE region = $region ORDER BY name"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var record = JsonSerializer.Deserialize((byte[])reader.GetValue(0), StoreJson.Default.StoredDeliveryStream)
                    ?? throw new InvalidDataException("a Firehose delivery stream row of the store is empty");
                streams.Add(new StoredFirehose(record, [], []));
            }
        }
        foreach (var stream in streams)
        {
            using (var command = Command(connection, null, "SELECT seq, arrival_ms, data FROM firehose_record WHERE region = $region AND stream = $stream ORDER BY seq"))
            {
                command.Parameters.AddWithValue("$region", region);
                command.Parameters.AddWithValue("$stream", stream.Stream.Definition.Name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    stream.Records.Add((reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
                }
            }
            using (var command = Command(connection, null, "SELECT seq, key, body, records FROM firehose_object WHERE region = $region AND stream = $stream ORDER BY seq"))
            {
                command.Parameters.AddWithValue("$region", region);
                command.Parameters.AddWithValue("$stream", stream.Stream.Definition.Name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    stream.Objects.Add(new FirehosePendingObject(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt32(3)));
                }
            }
        }
        return streams;
    });

    internal sealed record StoredFirehose(StoredDeliveryStream Stream, List<(long Seq, DateTimeOffset Arrival, byte[] Data)> Records, List<FirehosePendingObject> Objects);
}

/// <summary>
/// A delivery stream as the store keeps it. <see cref="StartCounters"/>: for a Kinesis source, where
/// it began reading each shard (the tip when it was created); <see cref="CutCursors"/>: the last
/// sequence number of each shard whose record is in an object already cut, where reading resumes
/// after a restart (records read after it were only buffered, and are read again).
/// </summary>
internal sealed record StoredDeliveryStream(
    FirehoseStreamDefinition Definition,
    string Arn,
    DateTimeOffset Created,
    DateTimeOffset? LastUpdated,
    int Version,
    Dictionary<string, string> Tags,
    Dictionary<string, long> StartCounters,
    Dictionary<string, string> CutCursors);
