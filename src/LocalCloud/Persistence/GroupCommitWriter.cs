namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// Group commit on the data directory's store, for services whose writes are many and small (Step
/// Functions' histories, CloudWatch Logs' events). Every write is queued in the order it is made;
/// one writer thread commits whatever is queued as one transaction (the batch is what arrived while
/// the previous one was being written, so the window is one commit long), and <see cref="Flush"/>
/// waits for the commit that holds everything queued before it. A SIGKILL can lose only what was
/// queued and not yet committed; a change a client is answered for is flushed first. A failed commit
/// is sticky: every later <see cref="Flush"/> reports it, as the store can no longer vouch for order.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private readonly DurableStore _store;
    private readonly string _what;
    private readonly object _gate = new();
    private readonly Thread _writer;
    private List<Action<DurableStore.Batch>> _queued = [];
    private long _enqueued;
    private long _committed;
    private bool _stopping;
    private Exception? _failure;

    /// <param name="name">The writer thread's name.</param>
    /// <param name="what">What it keeps, for the error a failed commit gives (e.g. "Step Functions' changes").</param>
    public GroupCommitWriter(DurableStore store, string name, string what)
    {
        _store = store;
        _what = what;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = name };
        _writer.Start();
    }

    /// <summary>Queues a write; it is committed with the next batch. After <see cref="Dispose"/> it is dropped.</summary>
    public void Enqueue(Action<DurableStore.Batch> write)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                // The host is stopping: what happens from now on is not kept.
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

    /// <summary>Waits until everything queued before this call is committed.</summary>
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
                throw new IOException($"the data directory's store failed to keep {_what}: {_failure.Message}", _failure);
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

    /// <summary>Writes what is still queued, then stops the writer; later writes are dropped.</summary>
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
