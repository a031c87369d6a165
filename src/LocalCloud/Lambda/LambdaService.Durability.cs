using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// Lambda on a data directory: every change to a function (its <c>$LATEST</c>, versions, aliases)
/// rewrites the function's record, every change to a mapping the mapping's, before the call returns;
/// a Kinesis mapping writes its checkpoint per shard each time a finished batch moves it, and after a
/// restart reads each shard after it, so a record finished before the restart is not delivered again.
/// </summary>
internal sealed partial class LambdaService
{
    /// <summary>The data directory's store, or null when the host keeps everything in memory.</summary>
    internal DurableStore? Store { get; init; }

    /// <summary>Writes what the function of that name is now (or that it is gone).</summary>
    private void Save(string name)
    {
        if (Store is null)
        {
            return;
        }
        if (!_functions.TryGetValue(name, out var latest))
        {
            Store.DeleteFunction(name);
            return;
        }
        var versions = VersionsOf(name);
        StoredFunction stored;
        lock (versions)
        {
            stored = new StoredFunction(
                latest.Definition,
                latest.Created,
                versions.Published.Select(v => new StoredVersion(v.Version, v.Description, v.Created, v.Definition)).ToList(),
                ReferenceEquals(versions.PublishedFrom, latest),
                versions.Aliases.Values.ToList());
        }
        Store.SaveFunction(stored);
    }

    private void SaveMapping(string uuid)
    {
        if (Store is null)
        {
            return;
        }
        if (_mappings.TryGetValue(uuid, out var mapping))
        {
            Store.SaveMapping(mapping.Definition);
        }
        else
        {
            Store.DeleteMapping(uuid);
        }
    }

    /// <summary>A Kinesis mapping finished every record of <paramref name="shardId"/> up to <paramref name="sequenceNumber"/>.</summary>
    internal void CheckpointMoved(string uuid, string shardId, string sequenceNumber) => Store?.SaveCheckpoint(uuid, shardId, sequenceNumber);

    /// <summary>
    /// Brings back the functions, versions, aliases and mappings the store holds (before
    /// <see cref="StartAsync"/>). A function whose code folder is gone comes back too: its invocations
    /// then fail with the reason, as they would after the folder went away under a running host.
    /// </summary>
    /// <returns>Why a mapping or a kept Event invocation could not come back (its function or event source is gone), one line each.</returns>
    internal List<string> Load()
    {
        var problems = new List<string>();
        if (Store is null)
        {
            return problems;
        }
        foreach (var stored in Store.LoadFunctions())
        {
            var latest = new LambdaFunction(stored.Definition, Platform, stored.Created);
            _functions[stored.Definition.FunctionName] = latest;
            var versions = VersionsOf(stored.Definition.FunctionName);
            foreach (var version in stored.Versions)
            {
                // Same code folder: the version runs the bootstrap $LATEST has (built once); another folder builds its own.
                var from = version.Definition.ProjectDirectory == stored.Definition.ProjectDirectory ? latest : null;
                versions.Published.Add(new LambdaFunction(version.Definition, Platform, version.Created, from, version.Version, version.Description));
            }
            versions.PublishedFrom = stored.LatestPublished ? latest : null;
            foreach (var alias in stored.Aliases)
            {
                versions.Aliases[alias.Name] = alias;
            }
        }
        foreach (var (mapping, checkpoints) in Store.LoadMappings())
        {
            try
            {
                CreateEventSourceMapping(mapping, checkpoints, save: false);
            }
            catch (Protocol.AwsServiceException e)
            {
                // Kept in the store: the mapping comes back once what it names is there again.
                problems.Add($"event source mapping {mapping.Uuid} ({mapping.EventSourceArn} to {mapping.FunctionName}) is not running: {e.Message}");
            }
        }
        LoadAsyncInvocations(problems);
        return problems;
    }
}
