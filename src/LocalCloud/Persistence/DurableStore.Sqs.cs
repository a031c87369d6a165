using Microsoft.Data.Sqlite;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Persistence;

/// <summary>SQS: queues with their settings and tags, messages with their receive state, FIFO de-duplication.</summary>
internal sealed partial class DurableStore
{
    public void SaveQueue(string region, SqsQueue queue, IReadOnlyDictionary<string, string> settings) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "INSERT INTO sqs_queue(region, name, arn, fifo, created_ms, settings, tags) VALUES($region, $name, $arn, $fifo, $created, $settings, $tags) "
            + "ON CONFLICT(region, name) DO UPDATE SET settings = excluded.settings, tags = excluded.tags");
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", queue.Name);
        command.Parameters.AddWithValue("$arn", queue.Arn);
        command.Parameters.AddWithValue("$fifo", queue.IsFifo);
        command.Parameters.AddWithValue("$created", queue.CreatedTimestamp * 1000);
        command.Parameters.AddWithValue("$settings", StoreCodec.Strings(settings));
        command.Parameters.AddWithValue("$tags", StoreCodec.Strings(queue.Tags));
        command.ExecuteNonQuery();
    });

    public void DeleteQueue(string region, string name) => Write((connection, transaction) =>
    {
        foreach (var sql in (string[])["DELETE FROM sqs_queue WHERE region = $region AND name = $queue", "DELETE FROM sqs_message WHERE region = $region AND queue = $queue",
            "DELETE FROM sqs_dedup WHERE region = $region AND queue = $queue"])
        {
            using var command = QueueCommand(connection, transaction, sql, region, name);
            command.ExecuteNonQuery();
        }
    });

    /// <summary>A sent message, with its FIFO de-duplication entry and the queue's new last sequence number, as one commit.</summary>
    public void PutMessage(string region, string queue, SqsMessage message, string? dedupKey, long dedupExpires, long sequence) => Write((connection, transaction) =>
    {
        InsertMessage(connection, transaction, region, queue, message);
        if (dedupKey is null)
        {
            return;
        }
        using (var dedup = QueueCommand(connection, transaction,
            "INSERT OR REPLACE INTO sqs_dedup VALUES($region, $queue, $key, $id, $md5, $sequence, $expires)", region, queue))
        {
            dedup.Parameters.AddWithValue("$key", dedupKey);
            dedup.Parameters.AddWithValue("$id", message.MessageId);
            dedup.Parameters.AddWithValue("$md5", message.Md5OfBody);
            dedup.Parameters.AddWithValue("$sequence", (object?)message.SequenceNumber ?? DBNull.Value);
            dedup.Parameters.AddWithValue("$expires", dedupExpires);
            dedup.ExecuteNonQuery();
        }
        using var last = QueueCommand(connection, transaction, "UPDATE sqs_queue SET sequence = $sequence WHERE region = $region AND name = $queue", region, queue);
        last.Parameters.AddWithValue("$sequence", sequence);
        last.ExecuteNonQuery();
    });

    /// <summary>The receive state of messages after a receive or a visibility change.</summary>
    public void UpdateMessages(string region, string queue, IReadOnlyList<SqsMessage> messages) => Write((connection, transaction) =>
    {
        using var command = QueueCommand(connection, transaction,
            "UPDATE sqs_message SET visible_ms = $visible, receive_count = $count, first_receive_ms = $first, receipt_handle = $handle WHERE region = $region AND queue = $queue AND message_id = $id",
            region, queue);
        var visible = command.Parameters.Add("$visible", SqliteType.Integer);
        var count = command.Parameters.Add("$count", SqliteType.Integer);
        var first = command.Parameters.Add("$first", SqliteType.Integer);
        var handle = command.Parameters.Add("$handle", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var message in messages)
        {
            visible.Value = message.VisibleAt;
            count.Value = message.ReceiveCount;
            first.Value = message.FirstReceiveTimestamp;
            handle.Value = (object?)message.ReceiptHandle ?? DBNull.Value;
            id.Value = message.MessageId;
            command.ExecuteNonQuery();
        }
    });

    public void DeleteMessages(string region, string queue, IReadOnlyList<string> messageIds) => Write((connection, transaction) =>
    {
        using var command = QueueCommand(connection, transaction, "DELETE FROM sqs_message WHERE region = $region AND queue = $queue AND message_id = $id", region, queue);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var messageId in messageIds)
        {
            id.Value = messageId;
            command.ExecuteNonQuery();
        }
    });

    public void PurgeMessages(string region, string queue) => Write((connection, transaction) =>
    {
        using var command = QueueCommand(connection, transaction, "DELETE FROM sqs_message WHERE region = $region AND queue = $queue", region, queue);
        command.ExecuteNonQuery();
    });

    /// <summary>A message redriven to a dead-letter queue: gone from its source and at the end of the target in one commit, so it is never lost nor in both.</summary>
    public void MoveMessage(string region, string source, string target, SqsMessage message) => Write((connection, transaction) =>
    {
        using (var delete = QueueCommand(connection, transaction, "DELETE FROM sqs_message WHERE region = $region AND queue = $queue AND message_id = $id", region, source))
        {
            delete.Parameters.AddWithValue("$id", message.MessageId);
            delete.ExecuteNonQuery();
        }
        InsertMessage(connection, transaction, region, target, message);
    });

    public IReadOnlyList<StoredQueue> LoadQueues(string region) => Read(connection =>
    {
        var queues = new List<StoredQueue>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, arn, fifo, created_ms, settings, tags, sequence FROM sqs_queue WHERE region = $region ORDER BY name";
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                queues.Add(new StoredQueue(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetInt64(3), StoreCodec.Strings((byte[])reader.GetValue(4)),
                    StoreCodec.Strings((byte[])reader.GetValue(5)), reader.GetInt64(6), [], []));
            }
        }
        foreach (var queue in queues)
        {
            using (var messages = QueueCommand(connection, null,
                "SELECT message_id, body, md5, attributes, system_attributes, sent_ms, sender, group_id, dedup_id, sequence, dlq_source, visible_ms, receive_count, first_receive_ms, receipt_handle "
                + "FROM sqs_message WHERE region = $region AND queue = $queue ORDER BY rowid", region, queue.Name))
            {
                using var reader = messages.ExecuteReader();
                while (reader.Read())
                {
                    queue.Messages.Add(new SqsMessage
                    {
                        MessageId = reader.GetString(0),
                        Body = reader.GetString(1),
                        Md5OfBody = reader.GetString(2),
                        MessageAttributes = StoreCodec.Attributes((byte[])reader.GetValue(3)),
                        SystemAttributes = StoreCodec.Attributes((byte[])reader.GetValue(4)),
                        SentTimestamp = reader.GetInt64(5),
                        SenderId = reader.GetString(6),
                        MessageGroupId = reader.IsDBNull(7) ? null : reader.GetString(7),
                        DeduplicationId = reader.IsDBNull(8) ? null : reader.GetString(8),
                        SequenceNumber = reader.IsDBNull(9) ? null : reader.GetString(9),
                        DeadLetterQueueSourceArn = reader.IsDBNull(10) ? null : reader.GetString(10),
                        VisibleAt = reader.GetInt64(11),
                        ReceiveCount = reader.GetInt32(12),
                        FirstReceiveTimestamp = reader.GetInt64(13),
                        ReceiptHandle = reader.IsDBNull(14) ? null : reader.GetString(14),
                    });
                }
            }
            using var dedup = QueueCommand(connection, null, "SELECT key, message_id, md5, sequence, expires_ms FROM sqs_dedup WHERE region = $region AND queue = $queue", region, queue.Name);
            using var rows = dedup.ExecuteReader();
            while (rows.Read())
            {
                queue.Deduplication.Add(new StoredDedup(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3), rows.GetInt64(4)));
            }
        }
        return queues;
    });

    private static void InsertMessage(SqliteConnection connection, SqliteTransaction transaction, string region, string queue, SqsMessage message)
    {
        using var insert = QueueCommand(connection, transaction,
            "INSERT OR REPLACE INTO sqs_message(region, queue, message_id, body, md5, attributes, system_attributes, sent_ms, sender, group_id, dedup_id, sequence, dlq_source, visible_ms, receive_count, first_receive_ms, receipt_handle) "
            + "VALUES($region, $queue, $id, $body, $md5, $attributes, $system, $sent, $sender, $group, $dedup, $sequence, $dlq, $visible, $count, $first, $handle)", region, queue);
        insert.Parameters.AddWithValue("$id", message.MessageId);
        insert.Parameters.AddWithValue("$body", message.Body);
        insert.Parameters.AddWithValue("$md5", message.Md5OfBody);
        insert.Parameters.AddWithValue("$attributes", StoreCodec.Attributes(message.MessageAttributes));
        insert.Parameters.AddWithValue("$system", StoreCodec.Attributes(message.SystemAttributes));
        insert.Parameters.AddWithValue("$sent", message.SentTimestamp);
        insert.Parameters.AddWithValue("$sender", message.SenderId);
        insert.Parameters.AddWithValue("$group", (object?)message.MessageGroupId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$dedup", (object?)message.DeduplicationId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$sequence", (object?)message.SequenceNumber ?? DBNull.Value);
        insert.Parameters.AddWithValue("$dlq", (object?)message.DeadLetterQueueSourceArn ?? DBNull.Value);
        insert.Parameters.AddWithValue("$visible", message.VisibleAt);
        insert.Parameters.AddWithValue("$count", message.ReceiveCount);
        insert.Parameters.AddWithValue("$first", message.FirstReceiveTimestamp);
        insert.Parameters.AddWithValue("$handle", (object?)message.ReceiptHandle ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private static SqliteCommand QueueCommand(SqliteConnection connection, SqliteTransaction? transaction, string sql, string region, string queue)
    {
        var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$queue", queue);
        return command;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal sealed record StoredQueue(string Name, string Arn, bool IsFifo, long CreatedMs, Dictionary<string, string> Settings, Dictionary<string, string> Tags, long Sequence,
        List<SqsMessage> Messages, List<StoredDedup> Deduplication);

    internal sealed record StoredDedup(string Key, string MessageId, string Md5OfBody, string? SequenceNumber, long ExpiresAt);
}
