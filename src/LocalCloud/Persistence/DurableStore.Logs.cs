using System.Text.Json;
using Sluice.LocalCloud.Logs;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// CloudWatch Logs: log groups (settings and tags), their streams and their events. Written in
/// batches by the service's <see cref="GroupCommitWriter"/>.
/// </summary>
internal sealed partial class DurableStore
{
    public static void SaveLogGroup(Batch batch, string region, string name, StoredLogGroup group) => batch.Run(
        "INSERT INTO logs_group(region, name, record) VALUES($region, $name, $record) ON CONFLICT(region, name) DO UPDATE SET record = excluded.record",
        ("$region", region), ("$name", name), ("$record", JsonSerializer.SerializeToUtf8Bytes(group, StoreJson.Default.StoredLogGroup)));

    /// <summary>The group with its streams and events.</summary>
    public static void DeleteLogGroup(Batch batch, string region, string name)
    {
        batch.Run("DELETE FROM logs_group WHERE region = $region AND name = $name", ("$region", region), ("$name", name));
        batch.Run("DELETE FROM logs_stream WHERE region = $region AND log_group = $name", ("$region", region), ("$name", name));
        batch.Run("DELETE FROM logs_event WHERE region = $region AND log_group = $name", ("$region", region), ("$name", name));
    }

    public static void SaveLogStream(Batch batch, string region, string group, string name, long created) => batch.Run(
        "INSERT OR IGNORE INTO logs_stream(region, log_group, name, created_ms) VALUES($region, $group, $name, $created)",
        ("$region", region), ("$group", group), ("$name", name), ("$created", created));

    /// <summary>The stream with its events.</summary>
    public static void DeleteLogStream(Batch batch, string region, string group, string name)
    {
        batch.Run("DELETE FROM logs_stream WHERE region = $region AND log_group = $group AND name = $name", ("$region", region), ("$group", group), ("$name", name));
        batch.Run("DELETE FROM logs_event WHERE region = $region AND log_group = $group AND stream = $name", ("$region", region), ("$group", group), ("$name", name));
    }

    public static void AddLogEvent(Batch batch, string region, string group, LogEvent e) => batch.Run(
        "INSERT INTO logs_event(region, log_group, seq, stream, timestamp_ms, ingestion_ms, message) VALUES($region, $group, $seq, $stream, $timestamp, $ingestion, $message)",
        ("$region", region), ("$group", group), ("$seq", e.Sequence), ("$stream", e.StreamName), ("$timestamp", e.Timestamp), ("$ingestion", e.IngestionTime), ("$message", e.Message));

    /// <summary>The events the group no longer keeps: older than <paramref name="before"/> (its retention) or placed before <paramref name="belowSequence"/> (its cap).</summary>
    public static void DropLogEvents(Batch batch, string region, string group, long? before, long? belowSequence)
    {
        if (before is { } time)
        {
            batch.Run("DELETE FROM logs_event WHERE region = $region AND log_group = $group AND timestamp_ms < $before", ("$region", region), ("$group", group), ("$before", time));
        }
        if (belowSequence is { } sequence)
        {
            batch.Run("DELETE FROM logs_event WHERE region = $region AND log_group = $group AND seq < $below", ("$region", region), ("$group", group), ("$below", sequence));
        }
    }

    public List<StoredLogs> LoadLogs(string region) => Read(connection =>
    {
        var groups = new List<StoredLogs>();
        using (var command = Command(connection, null, "SELECT name, record FROM logs_group WHERE region = $region ORDER BY name"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var record = JsonSerializer.Deserialize((byte[])reader.GetValue(1), StoreJson.Default.StoredLogGroup)
                    ?? throw new InvalidDataException("a CloudWatch Logs group row of the store is empty");
                groups.Add(new StoredLogs(reader.GetString(0), record, [], []));
            }
        }
        foreach (var group in groups)
        {
            using (var command = Command(connection, null, "SELECT name, created_ms FROM logs_stream WHERE region = $region AND log_group = $group"))
            {
                command.Parameters.AddWithValue("$region", region);
                command.Parameters.AddWithValue("$group", group.Name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    group.Streams.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }
            using (var command = Command(connection, null, "SELECT seq, stream, timestamp_ms, ingestion_ms, message FROM logs_event WHERE region = $region AND log_group = $group ORDER BY seq"))
            {
                command.Parameters.AddWithValue("$region", region);
                command.Parameters.AddWithValue("$group", group.Name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    group.Events.Add(new LogEvent(reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(1), reader.GetInt64(0)));
                }
            }
        }
        return groups;
    });

    internal sealed record StoredLogs(string Name, StoredLogGroup Group, List<(string Name, long Created)> Streams, List<LogEvent> Events);
}

/// <summary>A log group's settings as the store keeps them.</summary>
internal sealed record StoredLogGroup(string Arn, long CreationTime, int? RetentionInDays, string LogGroupClass, string? KmsKeyId, Dictionary<string, string> Tags);
