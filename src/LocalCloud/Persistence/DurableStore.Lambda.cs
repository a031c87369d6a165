using System.Text.Json;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// Lambda: each function (its <c>$LATEST</c>, versions and aliases) as one row, rewritten whenever
/// any of them changes; event source mappings; each Kinesis mapping's checkpoint per shard; Event
/// invocations accepted and not yet finished.
/// </summary>
internal sealed partial class DurableStore
{
    public void SaveFunction(StoredFunction function) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "INSERT INTO lambda_function(name, record) VALUES($name, $record) ON CONFLICT(name) DO UPDATE SET record = excluded.record");
        command.Parameters.AddWithValue("$name", function.Definition.FunctionName);
        command.Parameters.AddWithValue("$record", JsonSerializer.SerializeToUtf8Bytes(function, StoreJson.Default.StoredFunction));
        command.ExecuteNonQuery();
    });

    public void DeleteFunction(string name) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM lambda_function WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    });

    /// <summary>An Event invocation accepted and not yet finished: the function as the caller named it and the payload.</summary>
    public void SaveAsyncInvocation(string id, string function, byte[] payload) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "INSERT INTO lambda_async(id, function, payload) VALUES($id, $function, $payload)");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$function", function);
        command.Parameters.AddWithValue("$payload", payload);
        command.ExecuteNonQuery();
    });

    /// <summary>The invocation finished (succeeded, or discarded after its retries).</summary>
    public void DeleteAsyncInvocation(string id) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM lambda_async WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    });

    /// <summary>The Event invocations not finished, in the order they were accepted.</summary>
    public List<(string Id, string Function, byte[] Payload)> LoadAsyncInvocations() => Read(connection =>
    {
        var invocations = new List<(string, string, byte[])>();
        using var command = Command(connection, null, "SELECT id, function, payload FROM lambda_async ORDER BY rowid");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            invocations.Add((reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }
        return invocations;
    });

    /// <summary>Every function, in the order they were first created.</summary>
    public List<StoredFunction> LoadFunctions() => Read(connection =>
    {
        using var command = Command(connection, null, "SELECT record FROM lambda_function ORDER BY rowid");
        using var reader = command.ExecuteReader();
        var functions = new List<StoredFunction>();
        while (reader.Read())
        {
            functions.Add(JsonSerializer.Deserialize((byte[])reader[0], StoreJson.Default.StoredFunction)!);
        }
        return functions;
    });

    public void SaveMapping(EventSourceMappingDefinition mapping) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "INSERT INTO lambda_mapping(uuid, record) VALUES($uuid, $record) ON CONFLICT(uuid) DO UPDATE SET record = excluded.record");
        command.Parameters.AddWithValue("$uuid", mapping.Uuid);
        command.Parameters.AddWithValue("$record", JsonSerializer.SerializeToUtf8Bytes(mapping, StoreJson.Default.EventSourceMappingDefinition));
        command.ExecuteNonQuery();
    });

    /// <summary>The mapping and its checkpoints, in one commit.</summary>
    public void DeleteMapping(string uuid) => Write((connection, transaction) =>
    {
        foreach (var sql in (string[])["DELETE FROM lambda_mapping WHERE uuid = $uuid", "DELETE FROM lambda_checkpoint WHERE uuid = $uuid"])
        {
            using var command = Command(connection, transaction, sql);
            command.Parameters.AddWithValue("$uuid", uuid);
            command.ExecuteNonQuery();
        }
    });

    /// <summary>A Kinesis mapping finished every record of the shard up to <paramref name="sequenceNumber"/>.</summary>
    public void SaveCheckpoint(string uuid, string shardId, string sequenceNumber) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "INSERT OR REPLACE INTO lambda_checkpoint VALUES($uuid, $shard, $sequence)");
        command.Parameters.AddWithValue("$uuid", uuid);
        command.Parameters.AddWithValue("$shard", shardId);
        command.Parameters.AddWithValue("$sequence", sequenceNumber);
        command.ExecuteNonQuery();
    });

    /// <summary>Every mapping in the order created, with its checkpoint per shard.</summary>
    public List<(EventSourceMappingDefinition Mapping, Dictionary<string, string> Checkpoints)> LoadMappings() => Read(connection =>
    {
        var checkpoints = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using (var command = Command(connection, null, "SELECT uuid, shard_id, sequence FROM lambda_checkpoint"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var uuid = reader.GetString(0);
                if (!checkpoints.TryGetValue(uuid, out var shards))
                {
                    checkpoints[uuid] = shards = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                shards[reader.GetString(1)] = reader.GetString(2);
            }
        }
        var mappings = new List<(EventSourceMappingDefinition, Dictionary<string, string>)>();
        using (var command = Command(connection, null, "SELECT record FROM lambda_mapping ORDER BY rowid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var mapping = JsonSerializer.Deserialize((byte[])reader[0], StoreJson.Default.EventSourceMappingDefinition)!;
                mappings.Add((mapping, checkpoints.GetValueOrDefault(mapping.Uuid) ?? new Dictionary<string, string>(StringComparer.Ordinal)));
            }
        }
        return mappings;
    });
}
