using System.Text;
using Sluice.Shared.Envelope;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// Where this host's SNS sent each message that carries a CloudEvent with a subject: the message id,
/// the topic, the event's (source, id, type), and per subscription whether it was delivered (with the
/// SQS message id it became), filtered out, dead-lettered or refused. AWS keeps no such record; the
/// local cloud keeps it, in memory and bounded (the newest <see cref="Capacity"/> messages since it
/// started), so the console can follow an order from the stream to its execution by message ids.
/// </summary>
internal sealed class SnsTrail(int capacity = SnsTrail.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly object _gate = new();
    private readonly Queue<Entry> _order = new();
    private readonly Dictionary<string, List<Entry>> _bySubject = new(StringComparer.Ordinal);

    public int Capacity => capacity;

    /// <summary>One published message and what became of it at each subscription.</summary>
    internal sealed class Entry(string messageId, string topicArn, DateTimeOffset time, CloudEvent e)
    {
        private readonly List<Delivery> _deliveries = [];

        public string MessageId => messageId;

        public string TopicArn => topicArn;

        public DateTimeOffset Time => time;

        public string EventSource { get; } = e.Source;

        public string EventId { get; } = e.Id;

        public string EventType { get; } = e.Type;

        public string Subject { get; } = e.Subject!;

        public IReadOnlyList<Delivery> Deliveries()
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }

        public void Add(Delivery delivery)
        {
            lock (_deliveries)
            {
                _deliveries.Add(delivery);
            }
        }
    }

    /// <param name="Result">delivered, filtered (the filter policy did not match), dead-lettered (the endpoint refused it; the subscription's dead-letter queue took it) or refused (nothing took it).</param>
    /// <param name="QueueArn">The queue the message went to (the dead-letter queue's when dead-lettered).</param>
    internal sealed record Delivery(string SubscriptionArn, string Result, string? QueueArn, string? SqsMessageId);

    /// <summary>Starts the entry of a published message; null (nothing kept) unless it is a CloudEvent with a subject.</summary>
    public Entry? Begin(string messageId, string topicArn, DateTimeOffset time, string message)
    {
        if (message.Length == 0 || message[0] != '{')
        {
            return null;
        }

        var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(message));
        if (!parsed.IsValid || parsed.Event.Subject is not { Length: > 0 } subject)
        {
            return null;
        }

        var entry = new Entry(messageId, topicArn, time, parsed.Event);
        lock (_gate)
        {
            _order.Enqueue(entry);
            if (!_bySubject.TryGetValue(subject, out var list))
            {
                _bySubject[subject] = list = [];
            }

            list.Add(entry);
            while (_order.Count > capacity)
            {
                var old = _order.Dequeue();
                var same = _bySubject[old.Subject];
                same.Remove(old);
                if (same.Count == 0)
                {
                    _bySubject.Remove(old.Subject);
                }
            }
        }

        return entry;
    }

    /// <summary>The kept messages whose event has this subject, oldest first.</summary>
    public IReadOnlyList<Entry> ForSubject(string subject)
    {
        lock (_gate)
        {
            return _bySubject.TryGetValue(subject, out var list) ? [.. list] : [];
        }
    }
}
