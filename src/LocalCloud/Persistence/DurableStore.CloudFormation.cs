namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// CloudFormation: each stack (deleted ones too, as DescribeStacks by id answers them) as one JSON
/// row, its events appended beside it, and the change sets; what changed since the last commit is
/// written in one transaction.
/// </summary>
internal sealed partial class DurableStore
{
    /// <summary>One commit of the service's changes: stacks rewritten, events added, change sets rewritten or removed.</summary>
    internal sealed record CloudFormationChanges(
        IReadOnlyList<(string StackId, int Ordinal, byte[] Record)> Stacks,
        IReadOnlyList<(string StackId, int Sequence, byte[] Record)> Events,
        IReadOnlyList<(string ChangeSetId, int Ordinal, byte[] Record)> ChangeSets,
        IReadOnlyList<string> RemovedChangeSets);

    public void SaveCloudFormation(CloudFormationChanges changes) => Write((connection, transaction) =>
    {
        foreach (var (stackId, ordinal, record) in changes.Stacks)
        {
            using var command = Command(connection, transaction,
                "INSERT INTO cfn_stack VALUES($id, $ordinal, $record) ON CONFLICT(stack_id) DO UPDATE SET ordinal = excluded.ordinal, record = excluded.record");
            command.Parameters.AddWithValue("$id", stackId);
            command.Parameters.AddWithValue("$ordinal", ordinal);
            command.Parameters.AddWithValue("$record", record);
            command.ExecuteNonQuery();
        }
        foreach (var (stackId, sequence, record) in changes.Events)
        {
            using var command = Command(connection, transaction, "INSERT OR REPLACE INTO cfn_event VALUES($id, $sequence, $record)");
            command.Parameters.AddWithValue("$id", stackId);
            command.Parameters.AddWithValue("$sequence", sequence);
            command.Parameters.AddWithValue("$record", record);
            command.ExecuteNonQuery();
        }
        foreach (var (changeSetId, ordinal, record) in changes.ChangeSets)
        {
            using var command = Command(connection, transaction,
                "INSERT INTO cfn_change_set VALUES($id, $ordinal, $record) ON CONFLICT(change_set_id) DO UPDATE SET ordinal = excluded.ordinal, record = excluded.record");
            command.Parameters.AddWithValue("$id", changeSetId);
            command.Parameters.AddWithValue("$ordinal", ordinal);
            command.Parameters.AddWithValue("$record", record);
            command.ExecuteNonQuery();
        }
        foreach (var changeSetId in changes.RemovedChangeSets)
        {
            using var command = Command(connection, transaction, "DELETE FROM cfn_change_set WHERE change_set_id = $id");
            command.Parameters.AddWithValue("$id", changeSetId);
            command.ExecuteNonQuery();
        }
    });

    /// <summary>Stacks in their order, each with its events in order; change sets in their order.</summary>
    public (List<(byte[] Stack, List<byte[]> Events)> Stacks, List<byte[]> ChangeSets) LoadCloudFormation() => Read(connection =>
    {
        var events = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        using (var command = Command(connection, null, "SELECT stack_id, record FROM cfn_event ORDER BY stack_id, sequence"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!events.TryGetValue(id, out var list))
                {
                    events[id] = list = [];
                }
                list.Add((byte[])reader[1]);
            }
        }
        var stacks = new List<(byte[], List<byte[]>)>();
        using (var command = Command(connection, null, "SELECT stack_id, record FROM cfn_stack ORDER BY ordinal"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stacks.Add(((byte[])reader[1], events.GetValueOrDefault(reader.GetString(0)) ?? []));
            }
        }
        var changeSets = new List<byte[]>();
        using (var command = Command(connection, null, "SELECT record FROM cfn_change_set ORDER BY ordinal"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                changeSets.Add((byte[])reader[0]);
            }
        }
        return (stacks, changeSets);
    });
}
