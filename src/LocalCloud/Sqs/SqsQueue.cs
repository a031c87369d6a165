using System.Globalization;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// One queue: its settings and its messages in arrival order. Every read or change of a message
/// happens under <see cref="_gate"/>; long polls wait on <see cref="_arrival"/> outside it.
/// </summary>
internal sealed partial class SqsQueue
{
    private readonly object _gate = new();
    // FIFO queues keep every message here, in order (group order decides what is receivable). Standard
    // queues keep only visible messages here and the delayed or in-flight ones in _hidden, keyed by the
    // time they become visible, so a receive never walks past thousands of messages in flight.
    private readonly LinkedList<SqsMessage> _messages = new();
    private readonly PriorityQueue<(SqsMessage Message, long Version), long> _hidden = new();
    private long? _lastRetentionSweep;
    private readonly Dictionary<string, SqsMessage> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DedupEntry> _dedup = new(StringComparer.Ordinal);
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long? _lastPurge;

    public SqsQueue(string name, string arn, string url, bool isFifo, long now)
    {
        Name = name;
        Arn = arn;
        Url = url;
        IsFifo = isFifo;
        CreatedTimestamp = now / 1000;
        LastModifiedTimestamp = CreatedTimestamp;
        _settings = DefaultSettings(isFifo);
    }

    public string Name { get; }

    public string Arn { get; }

    /// <summary>Follows the host's endpoint (a queue kept from an earlier run may have been created on another port).</summary>
    public string Url { get; set; }

    public bool IsFifo { get; }

    public long CreatedTimestamp { get; }

    public long LastModifiedTimestamp { get; private set; }

    /// <summary>The data directory's copy of this queue; null when the host keeps no data directory.</summary>
    public SqsQueueJournal? Journal { get; init; }

    /// <summary>Tags; setting them writes the queue through to the data directory first.</summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get;
        set
        {
            lock (_gate)
            {
                var previous = field;
                field = value;
                try
                {
                    Journal?.Save(this, new Dictionary<string, string>(_settings));
                }
                catch
                {
                    field = previous;
                    throw;
                }
            }
        }
    } = new Dictionary<string, string>();

    /// <summary>Writes the queue (settings and tags) through to the data directory.</summary>
    public void Save()
    {
        lock (_gate)
        {
            Journal?.Save(this, new Dictionary<string, string>(_settings));
        }
    }

    /// <summary>Puts back the messages and de-duplication entries a previous run acknowledged (start-up, before any request).</summary>
    public void Restore(IEnumerable<SqsMessage> messages, IEnumerable<(string Key, SqsSendResult Result, long ExpiresAt)> deduplication, long sequence, long now)
    {
        lock (_gate)
        {
            _sequence = sequence;
            foreach (var message in messages)
            {
                Place(message, now);
                _byId[message.MessageId] = message;
            }
            foreach (var (key, result, expiresAt) in deduplication)
            {
                _dedup[key] = new DedupEntry(result, expiresAt);
            }
        }
    }

    private sealed record DedupEntry(SqsSendResult Result, long ExpiresAt);

    /// <summary>Completes at the next send (or message made visible early), for long polls.</summary>
    public Task ArrivalSignal
    {
        get
        {
            lock (_gate)
            {
                return _arrival.Task;
            }
        }
    }

    private void SignalArrival()
    {
        // Called under the gate: swap first, so a waiter that wakes and re-checks sees a fresh signal.
        var previous = _arrival;
        _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    public (int Visible, int InFlight, int Delayed) Counts(long now)
    {
        lock (_gate)
        {
            DropExpired(now);
            int visible = 0, inFlight = 0, delayed = 0;
            foreach (var m in _byId.Values)
            {
                if (m.VisibleAt <= now)
                {
                    visible++;
                }
                else if (m.ReceiveCount > 0)
                {
                    inFlight++;
                }
                else
                {
                    delayed++;
                }
            }
            return (visible, inFlight, delayed);
        }
    }

    /// <summary>Removes messages past the retention period; a sweep at most once a second keeps receives cheap.</summary>
    private void DropExpired(long now)
    {
        if (_lastRetentionSweep is { } last && now >= last && now - last < 1000)
        {
            return;
        }
        _lastRetentionSweep = now;
        var cutoff = now - RetentionSeconds * 1000L;
        List<SqsMessage>? expired = null;
        foreach (var m in _byId.Values)
        {
            if (m.SentTimestamp < cutoff)
            {
                (expired ??= []).Add(m);
            }
        }
        if (expired is null)
        {
            return;
        }
        Journal?.Deleted([.. expired.Select(m => m.MessageId)]);
        foreach (var m in expired)
        {
            Remove(m);
        }
    }

    private void Remove(SqsMessage message)
    {
        if (message.Node is { } node)
        {
            _messages.Remove(node);
            message.Node = null;
        }
        message.Deleted = true;
        _byId.Remove(message.MessageId);
    }

    /// <summary>Puts a message where it belongs for its visibility time (standard queues; FIFO keeps its place).</summary>
    private void Place(SqsMessage message, long now)
    {
        if (IsFifo)
        {
            message.Node ??= _messages.AddLast(message);
            return;
        }
        if (message.VisibleAt <= now)
        {
            message.Node ??= _messages.AddLast(message);
            return;
        }
        if (message.Node is { } node)
        {
            _messages.Remove(node);
            message.Node = null;
        }
        message.HiddenVersion++;
        _hidden.Enqueue((message, message.HiddenVersion), message.VisibleAt);
    }

    /// <summary>Standard queues: moves messages whose delay or visibility timeout has passed to the visible list.</summary>
    private void Promote(long now)
    {
        while (_hidden.TryPeek(out var entry, out var visibleAt) && visibleAt <= now)
        {
            _hidden.Dequeue();
            var m = entry.Message;
            if (!m.Deleted && entry.Version == m.HiddenVersion && m.Node is null && m.VisibleAt <= now)
            {
                m.Node = _messages.AddLast(m);
            }
        }
    }

    private string NextSequenceNumber() =>
        // AWS FIFO sequence numbers are 20+ digit decimal strings that only grow.
        (18_000_000_000_000_000_000m + Interlocked.Increment(ref _sequence)).ToString(CultureInfo.InvariantCulture);
}
