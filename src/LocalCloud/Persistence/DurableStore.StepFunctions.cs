using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Asl.Api;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// Step Functions: state machines; Standard executions (their definition kept once per distinct
/// text); each history event as a row; each program's position, the outputs of branches and
/// iterations that succeeded, and each program's variables. Written in batches by
/// <see cref="StepFunctions.StepFunctionsJournal"/>, one transaction per batch.
/// </summary>
internal sealed partial class DurableStore
{
    public static void SaveStateMachine(Batch batch, string region, StoredStateMachine machine) => batch.Run(
        "INSERT INTO sfn_state_machine(region, arn, record) VALUES($region, $arn, $record) ON CONFLICT(region, arn) DO UPDATE SET record = excluded.record",
        ("$region", region), ("$arn", machine.Arn), ("$record", JsonSerializer.SerializeToUtf8Bytes(machine, StoreJson.Default.StoredStateMachine)));

    public static void DeleteStateMachine(Batch batch, string region, string arn) =>
        batch.Run("DELETE FROM sfn_state_machine WHERE region = $region AND arn = $arn", ("$region", region), ("$arn", arn));

    /// <summary>The execution's row (its definition by hash, the text itself once per distinct definition).</summary>
    public static void SaveExecution(Batch batch, string region, StoredExecution execution, string definitionHash, bool definitionKnown)
    {
        if (!definitionKnown)
        {
            batch.Run("INSERT OR IGNORE INTO sfn_definition(hash, text) VALUES($hash, $text)", ("$hash", definitionHash), ("$text", execution.DefinitionText));
        }

        batch.Run(
            "INSERT INTO sfn_execution(region, arn, definition, record) VALUES($region, $arn, $definition, $record) ON CONFLICT(region, arn) DO UPDATE SET record = excluded.record",
            ("$region", region), ("$arn", execution.Arn), ("$definition", definitionHash),
            ("$record", JsonSerializer.SerializeToUtf8Bytes(execution with { DefinitionText = string.Empty }, StoreJson.Default.StoredExecution)));
    }

    public static string DefinitionHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static void AppendEvent(Batch batch, string arn, StoredHistoryEvent e) => batch.Run(
        "INSERT OR REPLACE INTO sfn_event(arn, id, previous, ticks, type, state, text) VALUES($arn, $id, $previous, $ticks, $type, $state, $text)",
        ("$arn", arn), ("$id", e.Id), ("$previous", e.PreviousEventId), ("$ticks", e.UtcTicks), ("$type", e.Type), ("$state", e.StateName), ("$text", e.Text));

    public static void SavePosition(Batch batch, string arn, string path, string state, long eventId) => batch.Run(
        "INSERT OR REPLACE INTO sfn_position(arn, path, state, event_id) VALUES($arn, $path, $state, $event)",
        ("$arn", arn), ("$path", path), ("$state", state), ("$event", eventId));

    public static void SaveSucceeded(Batch batch, string arn, string path, string output)
    {
        batch.Run("DELETE FROM sfn_position WHERE arn = $arn AND path = $path", ("$arn", arn), ("$path", path));
        batch.Run("INSERT OR REPLACE INTO sfn_succeeded(arn, path, output) VALUES($arn, $path, $output)", ("$arn", arn), ("$path", path), ("$output", output));
    }

    public static void SaveVariables(Batch batch, string arn, string path, string variables) => batch.Run(
        "INSERT OR REPLACE INTO sfn_variables(arn, path, variables) VALUES($arn, $path, $variables)", ("$arn", arn), ("$path", path), ("$variables", variables));

    public static void Forget(Batch batch, string arn, string path)
    {
        foreach (var table in s_checkpointTables)
        {
            batch.Run($"DELETE FROM {table} WHERE arn = $arn AND path = $path", ("$arn", arn), ("$path", path));
        }
    }

    public static void ClearCheckpoints(Batch batch, string arn)
    {
        foreach (var table in s_checkpointTables)
        {
            batch.Run($"DELETE FROM {table} WHERE arn = $arn", ("$arn", arn));
        }
    }

    public static void ReleaseHistory(Batch batch, string arn)
    {
        ClearCheckpoints(batch, arn);
        batch.Run("DELETE FROM sfn_event WHERE arn = $arn", ("$arn", arn));
    }

    private static readonly string[] s_checkpointTables = ["sfn_position", "sfn_succeeded", "sfn_variables"];

    /// <summary>The regions that keep a state machine or an execution.</summary>
    public List<string> StepFunctionsRegions() => Read(connection =>
    {
        using var command = Command(connection, null, "SELECT region FROM sfn_state_machine UNION SELECT region FROM sfn_execution");
        using var reader = command.ExecuteReader();
        var regions = new List<string>();
        while (reader.Read())
        {
            regions.Add(reader.GetString(0));
        }
        return regions;
    });

    /// <summary>One region's state machines (creation order) and executions (start order) with their events and checkpoints.</summary>
    public StoredStepFunctions LoadStepFunctions(string region) => Read(connection =>
    {
        var machines = new List<StoredStateMachine>();
        using (var command = Command(connection, null, "SELECT record FROM sfn_state_machine WHERE region = $region ORDER BY rowid"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                machines.Add(JsonSerializer.Deserialize((byte[])reader[0], StoreJson.Default.StoredStateMachine)!);
            }
        }

        var executions = new List<StoredExecution>();
        using (var command = Command(connection, null,
            "SELECT x.record, d.text FROM sfn_execution x JOIN sfn_definition d ON d.hash = x.definition WHERE x.region = $region ORDER BY x.rowid"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                executions.Add(JsonSerializer.Deserialize((byte[])reader[0], StoreJson.Default.StoredExecution)! with { DefinitionText = reader.GetString(1) });
            }
        }

        var events = new Dictionary<string, List<StoredHistoryEvent>>(StringComparer.Ordinal);
        using (var command = Command(connection, null,
            "SELECT e.arn, e.id, e.previous, e.ticks, e.type, e.state, e.text FROM sfn_event e JOIN sfn_execution x ON x.arn = e.arn AND x.region = $region ORDER BY e.arn, e.id"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var arn = reader.GetString(0);
                if (!events.TryGetValue(arn, out var list))
                {
                    events[arn] = list = [];
                }
                list.Add(new StoredHistoryEvent(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var positions = new Dictionary<string, List<StoredPosition>>(StringComparer.Ordinal);
        var succeeded = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var variables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using (var command = Command(connection, null, "SELECT p.arn, p.path, p.state, p.event_id FROM sfn_position p JOIN sfn_execution x ON x.arn = p.arn AND x.region = $region"))
        {
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var arn = reader.GetString(0);
                if (!positions.TryGetValue(arn, out var list))
                {
                    positions[arn] = list = [];
                }
                list.Add(new StoredPosition(reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }
        }
        foreach (var (table, column, into) in (ReadOnlySpan<(string, string, Dictionary<string, Dictionary<string, string>>)>)[("sfn_succeeded", "output", succeeded), ("sfn_variables", "variables", variables)])
        {
            using var command = Command(connection, null, $"SELECT t.arn, t.path, t.{column} FROM {table} t JOIN sfn_execution x ON x.arn = t.arn AND x.region = $region");
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var arn = reader.GetString(0);
                if (!into.TryGetValue(arn, out var paths))
                {
                    into[arn] = paths = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                paths[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        return new StoredStepFunctions(machines, [.. executions.Select(e => new StoredExecutionState(
            e,
            events.GetValueOrDefault(e.Arn) ?? [],
            positions.GetValueOrDefault(e.Arn) ?? [],
            succeeded.GetValueOrDefault(e.Arn) ?? empty,
            variables.GetValueOrDefault(e.Arn) ?? empty))]);
    });
}
