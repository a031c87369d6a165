namespace Sluice.LocalCloud.Persistence;

/// <summary>SNS: topics with their attributes, tags and FIFO sequence; subscriptions with the attributes set on them; FIFO de-duplication.</summary>
internal sealed partial class DurableStore
{
    public void SaveTopic(string region, string arn, string name, bool isFifo, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags) =>
        Write((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "INSERT INTO sns_topic(region, arn, name, fifo, attributes, tags) VALUES($region, $arn, $name, $fifo, $attributes, $tags) "
                + "ON CONFLICT(region, arn) DO UPDATE SET attributes = excluded.attributes, tags = excluded.tags");
            command.Parameters.AddWithValue("$region", region);
            command.Parameters.AddWithValue("$arn", arn);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$fifo", isFifo);
            command.Parameters.AddWithValue("$attributes", StoreCodec.Strings(attributes));
            command.Parameters.AddWithValue("$tags", StoreCodec.Strings(tags));
            command.ExecuteNonQuery();
        });

    /// <summary>A topic, its subscriptions and its de-duplication entries, in one commit.</summary>
    public void DeleteTopic(string region, string arn) => Write((connection, transaction) =>
    {
        foreach (var sql in (string[])["DELETE FROM sns_topic WHERE region = $region AND arn = $arn", "DELETE FROM sns_subscription WHERE region = $region AND topic_arn = $arn",
            "DELETE FROM sns_dedup WHERE region = $region AND topic_arn = $arn"])
        {
            using var command = Command(connection, transaction, sql);
            command.Parameters.AddWithValue("$region", region);
            command.Parameters.AddWithValue("$arn", arn);
            command.ExecuteNonQuery();
        }
    });

    public void SaveSubscription(string region, string arn, string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes) =>
        Write((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "INSERT INTO sns_subscription(region, arn, topic_arn, protocol, endpoint, attributes) VALUES($region, $arn, $topic, $protocol, $endpoint, $attributes) "
                + "ON CONFLICT(region, arn) DO UPDATE SET attributes = excluded.attributes");
            command.Parameters.AddWithValue("$region", region);
            command.Parameters.AddWithValue("$arn", arn);
            command.Parameters.AddWithValue("$topic", topicArn);
            command.Parameters.AddWithValue("$protocol", protocol);
            command.Parameters.AddWithValue("$endpoint", endpoint);
            command.Parameters.AddWithValue("$attributes", StoreCodec.Strings(attributes));
            command.ExecuteNonQuery();
        });

    public void DeleteSubscription(string region, string arn) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM sns_subscription WHERE region = $region AND arn = $arn");
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$arn", arn);
        command.ExecuteNonQuery();
    });

    /// <summary>A FIFO publish: the topic's last sequence number and the de-duplication entry that answers a retry, in one commit.</summary>
    public void PutFifoPublish(string region, string topicArn, long sequence, string dedupKey, string messageId, string? sequenceNumber, long expiresAt) =>
        Write((connection, transaction) =>
        {
            using (var last = Command(connection, transaction, "UPDATE sns_topic SET sequence = max(sequence, $sequence) WHERE region = $region AND arn = $arn"))
            {
                last.Parameters.AddWithValue("$region", region);
                last.Parameters.AddWithValue("$arn", topicArn);
                last.Parameters.AddWithValue("$sequence", sequence);
                last.ExecuteNonQuery();
            }
            using (var expired = Command(connection, transaction, "DELETE FROM sns_dedup WHERE region = $region AND topic_arn = $arn AND expires_ms < $now"))
            {
                expired.Parameters.AddWithValue("$region", region);
                expired.Parameters.AddWithValue("$arn", topicArn);
                expired.Parameters.AddWithValue("$now", expiresAt - 5 * 60 * 1000);
                expired.ExecuteNonQuery();
            }
            using var dedup = Command(connection, transaction, "INSERT OR REPLACE INTO sns_dedup VALUES($region, $arn, $key, $id, $sequence, $expires)");
            dedup.Parameters.AddWithValue("$region", region);
            dedup.Parameters.AddWithValue("$arn", topicArn);
            dedup.Parameters.AddWithValue("$key", dedupKey);
            dedup.Parameters.AddWithValue("$id", messageId);
            dedup.Parameters.AddWithValue("$sequence", (object?)sequenceNumber ?? DBNull.Value);
            dedup.Parameters.AddWithValue("$expires", expiresAt);
            dedup.ExecuteNonQuery();
        });

    public StoredSns LoadSns(string region) => Read(connection =>
    {
        var topics = new List<StoredTopic>();
        using (var command = Command(connection, null, "SELECT arn, name, fifo, attributes, tags, sequence FROM sns_topic WHERE region = $region ORDER BY arn"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                topics.Add(new StoredTopic(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), StoreCodec.Strings((byte[])reader.GetValue(3)),
                    StoreCodec.Strings((byte[])reader.GetValue(4)), reader.GetInt64(5)));
            }
        }
        var subscriptions = new List<StoredSubscription>();
        using (var command = Command(connection, null, "SELECT arn, topic_arn, protocol, endpoint, attributes FROM sns_subscription WHERE region = $region ORDER BY arn"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                subscriptions.Add(new StoredSubscription(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), StoreCodec.Strings((byte[])reader.GetValue(4))));
            }
        }
        var dedup = new List<StoredSnsDedup>();
        using (var command = Command(connection, null, "SELECT key, message_id, sequence, expires_ms FROM sns_dedup WHERE region = $region"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                dedup.Add(new StoredSnsDedup(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
            }
        }
        return new StoredSns(topics, subscriptions, dedup);
    });

    internal sealed record StoredSns(List<StoredTopic> Topics, List<StoredSubscription> Subscriptions, List<StoredSnsDedup> Deduplication);

    internal sealed record StoredTopic(string Arn, string Name, bool IsFifo, Dictionary<string, string> Attributes, Dictionary<string, string> Tags, long Sequence);

    internal sealed record StoredSubscription(string Arn, string TopicArn, string Protocol, string Endpoint, Dictionary<string, string> Attributes);

    internal sealed record StoredSnsDedup(string Key, string MessageId, string? SequenceNumber, long ExpiresAt);
}
