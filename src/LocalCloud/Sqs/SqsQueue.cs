using System.Globalization;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// One queue: its settings and its messages in arrival order. Every read or change of a message
/// happens under <see cref="_gate"/>; long polls wait on <see cref="_arrival"/> outside it.
/// </summary>
internal sealed partial class SqsQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<SqsMessage> _messages = new();
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

    public string Url { get; }

    public bool IsFifo { get; }

    public long CreatedTimestamp { get; }

    public long LastModifiedTimestamp { get; private set; }

    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

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
            foreach (var m in _messages)
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

    private void DropExpired(long now)
    {
        var cutoff = now - RetentionSeconds * 1000L;
        for (var node = _messages.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.SentTimestamp < cutoff)
            {
                Remove(node.Value);
            }
            node = next;
        }
    }

    private void Remove(SqsMessage message)
    {
        if (message.Node is { } node)
        {
            _messages.Remove(node);
            message.Node = null;
        }
        _byId.Remove(message.MessageId);
    }

    private string NextSequenceNumber() =>
        // AWS FIFO sequence numbers are 20+ digit decimal strings that only grow.
        (18_000_000_000_000_000_000m + Interlocked.Increment(ref _sequence)).ToString(CultureInfo.InvariantCulture);
}
