using Sluice.LocalCloud.Kms;

namespace Sluice.LocalCloud.Persistence;

/// <summary>KMS: keys with their material, state, pending deletion and tags; aliases.</summary>
internal sealed partial class DurableStore
{
    /// <summary>A key's whole row; an existing key keeps its row (and so its place in ListKeys).</summary>
    public void SaveKmsKey(string region, KmsKey key) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "INSERT INTO kms_key VALUES($region, $id, $arn, $spec, $usage, $created, $material, $description, $enabled, $deletion, $days, $tags) "
            + "ON CONFLICT(region, id) DO UPDATE SET description = excluded.description, enabled = excluded.enabled, deletion_ms = excluded.deletion_ms, "
            + "pending_days = excluded.pending_days, tags = excluded.tags");
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$arn", key.Arn);
        command.Parameters.AddWithValue("$spec", key.Spec);
        command.Parameters.AddWithValue("$usage", key.Usage);
        command.Parameters.AddWithValue("$created", key.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$material", key.Material);
        command.Parameters.AddWithValue("$description", key.Description);
        command.Parameters.AddWithValue("$enabled", key.Enabled);
        command.Parameters.AddWithValue("$deletion", (object?)key.DeletionDate?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$days", (object?)key.PendingWindowInDays ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", StoreCodec.Strings(key.Tags));
        command.ExecuteNonQuery();
    });

    /// <summary>CreateAlias and UpdateAlias: the alias names <paramref name="keyId"/>.</summary>
    public void SaveKmsAlias(string region, string name, string keyId) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "INSERT OR REPLACE INTO kms_alias VALUES($region, $name, $key)");
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$key", keyId);
        command.ExecuteNonQuery();
    });

    public void DeleteKmsAlias(string region, string name) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM kms_alias WHERE region = $region AND name = $name");
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    });

    /// <summary>The region's keys in creation order and its aliases.</summary>
    public (List<KmsKey> Keys, List<(string Name, string KeyId)> Aliases) LoadKms(string region) => Read(connection =>
    {
        var keys = new List<KmsKey>();
        using (var command = Command(connection, null,
            "SELECT id, arn, spec, usage, created_ms, material, description, enabled, deletion_ms, pending_days, tags FROM kms_key WHERE region = $region ORDER BY rowid"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = new KmsKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    (byte[])reader.GetValue(5))
                {
                    Description = reader.GetString(6),
                    Enabled = reader.GetBoolean(7),
                    DeletionDate = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    PendingWindowInDays = reader.IsDBNull(9) ? null : reader.GetInt32(9),
                };
                foreach (var (name, value) in StoreCodec.Strings((byte[])reader.GetValue(10)))
                {
                    key.Tags[name] = value;
                }
                keys.Add(key);
            }
        }
        var aliases = new List<(string, string)>();
        using (var command = Command(connection, null, "SELECT name, key_id FROM kms_alias WHERE region = $region"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                aliases.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return (keys, aliases);
    });
}
