using System.Text.Json;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>
/// CloudFormation on a data directory. Every change to a stack or change set is committed before the
/// request that made it is answered, and as a background operation goes, at each event: what differs
/// from the last commit (a stack's record, its new events, change sets) is written in one transaction.
/// Comparing against the last commit, rather than writing at each place a record changes, means no
/// change can be missed by a path that forgot to write. Only the stacks touched since the last commit
/// are compared (every request reaches its stack through <see cref="Find"/>, every operation records
/// events and ends through <see cref="Start"/>, and each of those marks it), so a commit costs the
/// stacks in play, not every stack the host has.
/// </summary>
internal sealed partial class CloudFormationService
{
    private readonly Dictionary<string, byte[]> _savedStacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _savedEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _savedChangeSets = new(StringComparer.Ordinal);
    private readonly HashSet<StackRecord> _touched = new(ReferenceEqualityComparer.Instance);

    /// <summary>Marks a stack for the next commit to compare (call under the lock).</summary>
    private void Touched(StackRecord? stack)
    {
        if (Store is not null && stack is not null)
        {
            _touched.Add(stack);
        }
    }

    /// <summary>The data directory's store, or null when stacks live in memory only.</summary>
    public DurableStore? Store { get; init; }

    /// <summary>Writes what changed since the last commit.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            CommitLocked();
        }
    }

    /// <summary>Writes what changed since the last commit (call under the lock).</summary>
    private void CommitLocked()
    {
        if (Store is null)
        {
            return;
        }
        var stacks = new List<(string, int, byte[])>();
        var events = new List<(string, int, byte[])>();
        for (var i = 0; i < _stacks.Count; i++)
        {
            var stack = _stacks[i];
            var known = _savedStacks.TryGetValue(stack.StackId, out var saved);
            if (!known || _touched.Contains(stack))
            {
                var record = JsonSerializer.SerializeToUtf8Bytes(stack, StoreJson.Default.StackRecord);
                if (!known || !saved.AsSpan().SequenceEqual(record))
                {
                    stacks.Add((stack.StackId, i, record));
                }
            }
            for (var e = _savedEvents.GetValueOrDefault(stack.StackId); e < stack.Events.Count; e++)
            {
                events.Add((stack.StackId, e, JsonSerializer.SerializeToUtf8Bytes(stack.Events[e], StoreJson.Default.StackEventRecord)));
            }
        }
        var changeSets = new List<(string, int, byte[])>();
        for (var i = 0; i < _changeSets.Count; i++)
        {
            var changeSet = _changeSets[i];
            var record = JsonSerializer.SerializeToUtf8Bytes(changeSet, StoreJson.Default.ChangeSetRecord);
            if (!_savedChangeSets.TryGetValue(changeSet.ChangeSetId, out var saved) || !saved.AsSpan().SequenceEqual(record))
            {
                changeSets.Add((changeSet.ChangeSetId, i, record));
            }
        }
        var removed = _savedChangeSets.Keys.Where(id => !_changeSets.Exists(c => c.ChangeSetId == id)).ToList();
        if (stacks.Count == 0 && events.Count == 0 && changeSets.Count == 0 && removed.Count == 0)
        {
            _touched.Clear();
            return;
        }
        // A failed write keeps the marks, so the next commit compares these stacks again.
        Store.SaveCloudFormation(new DurableStore.CloudFormationChanges(stacks, events, changeSets, removed));
        _touched.Clear();
        foreach (var (id, _, record) in stacks)
        {
            _savedStacks[id] = record;
        }
        foreach (var stack in _stacks)
        {
            _savedEvents[stack.StackId] = stack.Events.Count;
        }
        foreach (var (id, _, record) in changeSets)
        {
            _savedChangeSets[id] = record;
        }
        removed.ForEach(id => _savedChangeSets.Remove(id));
    }

    /// <summary>
    /// Reads the stacks and change sets back (before the host serves). A stack whose operation the
    /// stop interrupted ends as that operation's failure would have (a create as ROLLBACK_COMPLETE, an
    /// update as UPDATE_ROLLBACK_COMPLETE, a delete as DELETE_FAILED), with an event that says so: what
    /// the operation had created so far stays, as the stack's resources.
    /// </summary>
    public void Load()
    {
        if (Store is null)
        {
            return;
        }
        var (stacks, changeSets) = Store.LoadCloudFormation();
        lock (_gate)
        {
            foreach (var (record, events) in stacks)
            {
                var stack = JsonSerializer.Deserialize(record, StoreJson.Default.StackRecord)!;
                stack.Events.AddRange(events.Select(e => JsonSerializer.Deserialize(e, StoreJson.Default.StackEventRecord)!));
                _stacks.Add(stack);
            }
            foreach (var record in changeSets)
            {
                _changeSets.Add(JsonSerializer.Deserialize(record, StoreJson.Default.ChangeSetRecord)!);
            }
            // The records as read are the last commit: only what changes from here is written.
            foreach (var stack in _stacks)
            {
                _savedStacks[stack.StackId] = JsonSerializer.SerializeToUtf8Bytes(stack, StoreJson.Default.StackRecord);
                _savedEvents[stack.StackId] = stack.Events.Count;
                if (StackStatus.InProgress(stack.Status))
                {
                    StackEvent(stack, StackStatus.FailedEnding(stack.Status), $"The local cloud stopped during {stack.Status}; the resources created so far are the stack's");
                }
            }
            foreach (var changeSet in _changeSets)
            {
                _savedChangeSets[changeSet.ChangeSetId] = JsonSerializer.SerializeToUtf8Bytes(changeSet, StoreJson.Default.ChangeSetRecord);
            }
            CommitLocked();
        }
    }

    /// <summary>
    /// Creates again the delivery streams and state machines of the live stacks that the data directory
    /// does not hold (written by a host that did not keep those services yet), as their stacks last
    /// deployed them.
    /// </summary>
    /// <returns>What was created again and what could not be, one line each (the stack lists it either way).</returns>
    public async Task<List<string>> RestoreAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        List<StackRecord> live;
        lock (_gate)
        {
            live = _stacks.Where(s => !s.IsDeleted && s.Resources.Exists(r => r.Resource.Status == ResourceStatus.Created && StackDeployer.Restorable(r.Resource.Type))).ToList();
        }
        foreach (var stack in live)
        {
            List<DeployedResource> resources;
            LoadedTemplate template;
            lock (_gate)
            {
                resources = stack.Resources.Select(r => r.Resource).ToList();
            }
            try
            {
                template = TemplateLoader.Load(stack.TemplateBody, stack.TemplatePath, stack.Settings(_host));
            }
            catch (TemplateException e)
            {
                problems.Add($"stack {stack.StackName}: its template no longer loads, so its resources missing from the data directory are not created again: {e.Message}");
                continue;
            }
            var deployer = new StackDeployer(Targets, template, resources);
            foreach (var recorded in resources.Where(r => r.Status == ResourceStatus.Created && StackDeployer.Restorable(r.Type)))
            {
                try
                {
                    var declared = template.Resources.FirstOrDefault(r => r.LogicalId == recorded.LogicalId)
                        ?? new TemplateResource(recorded.LogicalId, recorded.Type, [], null, []);
                    if (await deployer.RestoreAsync(declared, recorded, cancellationToken).ConfigureAwait(false))
                    {
                        problems.Add($"stack {stack.StackName}: {recorded.Type} {recorded.PhysicalId} was not in the data directory and is created again from the stack");
                    }
                }
                catch (TemplateException e)
                {
                    problems.Add($"stack {stack.StackName}: {e.Message}");
                }
            }
        }
        return problems;
    }
}
