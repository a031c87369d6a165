using Sluice.Asl.Api;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// One region's Step Functions journal on the data directory's store, written by group commit
/// (<see cref="GroupCommitWriter"/>) in the order its calls are made. A SIGKILL can lose only what was
/// queued and not yet committed: the newest events and checkpoints of running executions, never a
/// change a client was answered for (those calls flush first).
/// </summary>
internal sealed class StepFunctionsJournal : IExecutionJournal, IDisposable
{
    private readonly DurableStore _store;
    private readonly string _region;
    private readonly GroupCommitWriter _writer;
    private readonly Lock _gate = new();
    private string? _lastDefinition;
    private string? _lastDefinitionHash;
    private readonly HashSet<string> _knownDefinitions = new(StringComparer.Ordinal);

    public StepFunctionsJournal(DurableStore store, string region)
    {
        _store = store;
        _region = region;
        _writer = new GroupCommitWriter(store, $"sfn-journal-{region}", "Step Functions' changes");
    }

    public StoredStepFunctions Load() => _store.LoadStepFunctions(_region);

    public void SaveStateMachine(StoredStateMachine machine)
    {
        Enqueue(batch => DurableStore.SaveStateMachine(batch, _region, machine));
        Flush();
    }

    public void DeleteStateMachine(string arn)
    {
        Enqueue(batch => DurableStore.DeleteStateMachine(batch, _region, arn));
        Flush();
    }

    public void SaveExecution(StoredExecution execution)
    {
        string hash;
        bool known;
        lock (_gate)
        {
            if (!ReferenceEquals(execution.DefinitionText, _lastDefinition))
            {
                (_lastDefinition, _lastDefinitionHash) = (execution.DefinitionText, DurableStore.DefinitionHash(execution.DefinitionText));
            }

            hash = _lastDefinitionHash!;
            known = !_knownDefinitions.Add(hash);
        }

        Enqueue(batch => DurableStore.SaveExecution(batch, _region, execution, hash, known));
    }

    public void Append(string executionArn, StoredHistoryEvent historyEvent) => Enqueue(batch => DurableStore.AppendEvent(batch, executionArn, historyEvent));

    public void SavePosition(string executionArn, string path, string state, long eventId) => Enqueue(batch => DurableStore.SavePosition(batch, executionArn, path, state, eventId));

    public void SaveSucceeded(string executionArn, string path, string outputJson) => Enqueue(batch => DurableStore.SaveSucceeded(batch, executionArn, path, outputJson));

    public void SaveVariables(string executionArn, string path, string variablesJson) => Enqueue(batch => DurableStore.SaveVariables(batch, executionArn, path, variablesJson));

    public void Forget(string executionArn, string path) => Enqueue(batch => DurableStore.Forget(batch, executionArn, path));

    public void ClearCheckpoints(string executionArn) => Enqueue(batch => DurableStore.ClearCheckpoints(batch, executionArn));

    public void ReleaseHistory(string executionArn) => Enqueue(batch => DurableStore.ReleaseHistory(batch, executionArn));

    /// <exception cref="IOException">The store failed to write: what was queued since is not kept.</exception>
    public void Flush() => _writer.Flush();

    private void Enqueue(Action<DurableStore.Batch> write) => _writer.Enqueue(write);

    /// <summary>Writes what is still queued, then stops the writer; later calls keep nothing.</summary>
    public void Dispose() => _writer.Dispose();
}
