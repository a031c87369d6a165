using System.Text;

namespace Sluice.LocalCloud.Sqs;

/// <summary>Message life cycle: send (with FIFO de-duplication), receive, visibility, delete, purge.</summary>
internal sealed partial class SqsQueue
{
    private const long DedupWindowMs = 5 * 60 * 1000;

    /// <summary>Stores a validated message; a FIFO duplicate within five minutes returns the first send's answer.</summary>
    public SqsSendResult Enqueue(SqsMessage message, int delaySeconds, string? md5Attributes, string? md5System, long now)
    {
        lock (_gate)
        {
            string? dedupKey = null;
            if (IsFifo)
            {
                dedupKey = DeduplicationPerGroup ? message.MessageGroupId + "\n" + message.DeduplicationId : message.DeduplicationId!;
                if (_dedup.TryGetValue(dedupKey, out var seen) && seen.ExpiresAt > now)
                {
                    // The first send's id and sequence number; the digests describe what this call sent.
                    return seen.Result with { Md5OfBody = message.Md5OfBody, Md5OfMessageAttributes = md5Attributes, Md5OfSystemAttributes = md5System };
                }
                message.SequenceNumber = NextSequenceNumber();
            }
            message.VisibleAt = now + delaySeconds * 1000L;
            // Durable before acknowledged: if the write fails the message was never sent.
            Journal?.Sent(message, dedupKey, now + DedupWindowMs, Interlocked.Read(ref _sequence));
            Place(message, now);
            _byId[message.MessageId] = message;
            var result = new SqsSendResult(message.MessageId, message.Md5OfBody, md5Attributes, md5System, message.SequenceNumber);
            if (dedupKey is not null)
            {
                if (_dedup.Count > 10_000)
                {
                    foreach (var stale in _dedup.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
                    {
                        _dedup.Remove(stale);
                    }
                }
                _dedup[dedupKey] = new DedupEntry(result, now + DedupWindowMs);
            }
            if (delaySeconds == 0)
            {
                SignalArrival();
            }
            return result;
        }
    }

    /// <summary>A message moved here from a source queue by its redrive policy: same id, body and attributes.</summary>
    public void EnqueueMoved(SqsMessage message, SqsQueue source, long now) => EnqueueMoved(message, source, source.Arn, now);

    /// <summary>A message moved here from <paramref name="source"/>, keeping <paramref name="deadLetterSourceArn"/> as where it dead-lettered from (null: back at its source).</summary>
    public void EnqueueMoved(SqsMessage message, SqsQueue source, string? deadLetterSourceArn, long now)
    {
        lock (_gate)
        {
            message.VisibleAt = now;
            message.ReceiptHandle = null;
            message.DeadLetterQueueSourceArn = deadLetterSourceArn;
            message.Deleted = false;
            message.HiddenVersion++;
            if (IsFifo)
            {
                message.SequenceNumber = NextSequenceNumber();
            }
            Journal?.MovedHere(source.Name, message);
            Place(message, now);
            _byId[message.MessageId] = message;
            SignalArrival();
        }
    }

    /// <summary>Takes the oldest visible message out of this queue for a message move task (the caller writes the move); null when none is visible.</summary>
    public SqsMessage? TakeForMove(long now)
    {
        lock (_gate)
        {
            DropExpired(now);
            if (!IsFifo)
            {
                Promote(now);
            }
            for (var node = _messages.First; node is not null; node = node.Next)
            {
                if (node.Value.VisibleAt <= now)
                {
                    var m = node.Value;
                    Remove(m);
                    return m;
                }
            }
            return null;
        }
    }

    /// <summary>Puts back a message <see cref="TakeForMove"/> took when its move could not be written.</summary>
    public void PutBack(SqsMessage message, long now)
    {
        lock (_gate)
        {
            message.Deleted = false;
            Place(message, now);
            _byId[message.MessageId] = message;
        }
    }

    /// <summary>
    /// One receive attempt. Returns what is visible now (respecting FIFO group order), the messages that
    /// exceeded the redrive count (for the caller to move outside this lock), and when the next message
    /// becomes visible (for long polls).
    /// </summary>
    public (List<SqsReceivedMessage> Received, List<SqsMessage> ToDeadLetter, long NextVisibleAt) TryReceive(SqsReceiveRequest request, string senderIdFallback, bool canRedrive, long now)
    {
        var received = new List<SqsReceivedMessage>();
        var toDeadLetter = new List<SqsMessage>();
        var nextVisible = long.MaxValue;
        lock (_gate)
        {
            DropExpired(now);
            if (!IsFifo)
            {
                Promote(now);
                if (_hidden.TryPeek(out _, out var hiddenUntil))
                {
                    nextVisible = hiddenUntil;
                }
            }
            var visibility = (request.VisibilityTimeout ?? VisibilityTimeoutSeconds) * 1000L;
            var taken = new List<SqsMessage>();
            HashSet<string>? lockedGroups = IsFifo ? new(StringComparer.Ordinal) : null;
            for (var node = _messages.First; node is not null && received.Count < request.MaxNumberOfMessages;)
            {
                var next = node.Next;
                var m = node.Value;
                if (m.VisibleAt > now)
                {
                    nextVisible = Math.Min(nextVisible, m.VisibleAt);
                    lockedGroups?.Add(m.MessageGroupId!);
                }
                else if (lockedGroups is not null && lockedGroups.Contains(m.MessageGroupId!))
                {
                    // A FIFO group with a message in flight (or still delayed) delivers nothing after it.
                }
                else if (canRedrive && Redrive is { } redrive && m.ReceiveCount >= redrive.MaxReceiveCount)
                {
                    Remove(m);
                    toDeadLetter.Add(m);
                }
                else
                {
                    m.ReceiveCount++;
                    if (m.FirstReceiveTimestamp == 0)
                    {
                        m.FirstReceiveTimestamp = now;
                    }
                    m.VisibleAt = now + visibility;
                    m.ReceiptHandle = NewReceiptHandle(m.MessageId);
                    received.Add(Snapshot(m, request, senderIdFallback));
                    taken.Add(m);
                }
                node = next;
            }
            if (taken.Count > 0)
            {
                Journal?.Changed(taken);
            }
            // Placed after the walk, so a zero visibility timeout cannot hand a message out twice in one call.
            foreach (var m in taken)
            {
                if (!IsFifo && m.Node is { } listed)
                {
                    _messages.Remove(listed);
                    m.Node = null;
                }
                Place(m, now);
            }
        }
        return (received, toDeadLetter, nextVisible);
    }

    private SqsReceivedMessage Snapshot(SqsMessage m, SqsReceiveRequest request, string senderIdFallback)
    {
        var all = request.AttributeNames.Contains("All");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (value is not null && (all || request.AttributeNames.Contains(name)))
            {
                attributes[name] = value;
            }
        }
        Add("SenderId", m.SenderId.Length > 0 ? m.SenderId : senderIdFallback);
        Add("SentTimestamp", m.SentTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("ApproximateReceiveCount", m.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("ApproximateFirstReceiveTimestamp", m.FirstReceiveTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("MessageDeduplicationId", m.DeduplicationId);
        Add("MessageGroupId", m.MessageGroupId);
        Add("SequenceNumber", m.SequenceNumber);
        Add("DeadLetterQueueSourceArn", m.DeadLetterQueueSourceArn);
        if (m.SystemAttributes.TryGetValue("AWSTraceHeader", out var trace))
        {
            Add("AWSTraceHeader", trace.StringValue);
        }

        var messageAttributes = SelectAttributes(m.MessageAttributes, request.MessageAttributeNames);
        return new SqsReceivedMessage(m.MessageId, m.ReceiptHandle!, m.Body, m.Md5OfBody, SqsMd5.OfAttributes(messageAttributes), attributes, messageAttributes);
    }

    private static Dictionary<string, SqsAttributeValue> SelectAttributes(IReadOnlyDictionary<string, SqsAttributeValue> source, IReadOnlyList<string> names)
    {
        var selected = new Dictionary<string, SqsAttributeValue>(StringComparer.Ordinal);
        if (names.Count == 0 || source.Count == 0)
        {
            return selected;
        }
        foreach (var (name, value) in source)
        {
            foreach (var pattern in names)
            {
                if (pattern is "All" or ".*" || pattern == name
                    || (pattern.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(pattern[..^1], StringComparison.Ordinal)))
                {
                    selected[name] = value;
                    break;
                }
            }
        }
        return selected;
    }

    private string NewReceiptHandle(string messageId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Arn} {messageId} {Guid.NewGuid():N}"));

    /// <summary>The message id a receipt handle names, or null if it is not one this host issued.</summary>
    public static string? MessageIdOf(string receiptHandle)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(receiptHandle)).Split(' ');
            return parts.Length == 3 && parts[0].StartsWith("arn:", StringComparison.Ordinal) ? parts[1] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A message still in this queue, by id: its body, how often it was received and whether it is in flight now; null once deleted or moved (or never here).</summary>
    public (string Body, int ReceiveCount, bool InFlight)? Peek(string messageId, long now)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(messageId, out var m) && !m.Deleted
                ? (m.Body, m.ReceiveCount, m.ReceiptHandle is not null && m.VisibleAt > now)
                : null;
        }
    }

    public void Delete(string receiptHandle, long now)
    {
        var messageId = MessageIdOf(receiptHandle) ?? throw SqsErrors.ReceiptHandleIsInvalid(receiptHandle);
        lock (_gate)
        {
            if (!_byId.TryGetValue(messageId, out var m) || m.ReceiptHandle != receiptHandle)
            {
                // AWS: a stale or repeated handle "succeeds" without deleting anything.
                return;
            }
            if (IsFifo && m.VisibleAt <= now)
            {
                throw SqsErrors.InvalidValue("ReceiptHandle", receiptHandle, "The receipt handle has expired.");
            }
            Journal?.Deleted([m.MessageId]);
            Remove(m);
        }
    }

    public void ChangeVisibility(string receiptHandle, int timeoutSeconds, long now)
    {
        var messageId = MessageIdOf(receiptHandle) ?? throw SqsErrors.ReceiptHandleIsInvalid(receiptHandle);
        if (timeoutSeconds is < 0 or > 43200)
        {
            throw SqsErrors.InvalidValue("VisibilityTimeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "Must be >= 0 and <= 43200, if provided.");
        }
        lock (_gate)
        {
            if (!_byId.TryGetValue(messageId, out var m) || m.ReceiptHandle != receiptHandle || m.VisibleAt <= now)
            {
                throw SqsErrors.MessageNotInflight();
            }
            var previous = m.VisibleAt;
            m.VisibleAt = now + timeoutSeconds * 1000L;
            try
            {
                Journal?.Changed([m]);
            }
            catch
            {
                m.VisibleAt = previous;
                throw;
            }
            Place(m, now);
            if (timeoutSeconds == 0)
            {
                SignalArrival();
            }
        }
    }

    public void Purge(long now)
    {
        lock (_gate)
        {
            if (_lastPurge is { } last && now - last < 60_000)
            {
                throw SqsErrors.PurgeQueueInProgress(Name);
            }
            Journal?.Purged();
            _lastPurge = now;
            _messages.Clear();
            _hidden.Clear();
            foreach (var m in _byId.Values)
            {
                m.Node = null;
                m.Deleted = true;
            }
            _byId.Clear();
        }
    }
}
