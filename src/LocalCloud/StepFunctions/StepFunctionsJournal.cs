using Sluice.Asl.Api;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// One region's Step Functions journal on the data directory's store. Every call is queued in the
/// order it is made; one writer thread commits whatever is queued as one transaction (group commit:
/// the batch is what arrived while the previous one was being written, so the window is one commit
/// long), and <see cref="Flush"/> waits for the commit that holds everything queued before it. A
/// SIGKILL can lose only what was queued and not yet committed: the newest events and checkpoints of
/// running executions, never a change a client was answered for (those calls flush first).
/// </summary>
internal sealed class StepFunctionsJournal : IExecutionJournal, IDisposable
{
    private readonly DurableStore _store;
    private readonly string _region;
    private readonly object _gate = new();
    private readonly Thread _writer;
    private List<Action<DurableStore.Batch>> _queued = [];
    private long _enqueued;
    private long _committed;
    private bool _stopping;
    private Exception? _failure;
    private string? _lastDefinition;
    private string? _lastDefinitionHash;
    private readonly HashSet<string> _knownDefinitions = new(StringComparer.Ordinal);

    public StepFunctionsJournal(DurableStore store, string region)
    {
        _store = store;
        _region = region;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"sfn-journal-{region}" };
        _writer.Start();
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
    public void Flush()
    {
        lock (_gate)
        {
            var target = _enqueued;
            while (_committed < target && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            if (_failure is not null)
            {
                throw new IOException($"the data directory's store failed to keep Step Functions' changes: {_failure.Message}", _failure);
            }
        }
    }

    private void Enqueue(Action<DurableStore.Batch> write)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                // The host is stopping: what its executions do from now on is not kept (they resume at the next start).
                return;
            }

            _queued.Add(write);
            _enqueued++;
            if (_queued.Count == 1)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            List<Action<DurableStore.Batch>> batch;
            long upTo;
            lock (_gate)
            {
                while (_queued.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queued.Count == 0)
                {
                    return;
                }

                (batch, _queued, upTo) = (_queued, [], _enqueued);
            }

            try
            {
                _store.WriteBatch(b =>
                {
                    foreach (var write in batch)
                    {
                        write(b);
                    }
                });
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= e;
                }
            }

            lock (_gate)
            {
                _committed = upTo;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Writes what is still queued, then stops the writer; later calls keep nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _writer.Join();
    }
}
