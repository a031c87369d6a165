using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// SQS as a plain object: the HTTP handler and in-process callers (SNS delivery, event source
/// mappings) use the same methods. Thread-safe; each queue has its own lock.
/// </summary>
internal sealed partial class SqsService
{
    private readonly ConcurrentDictionary<string, SqsQueue> _queues = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;

    private readonly DurableStore? _store;

    /// <param name="store">The data directory's store: the queues it keeps are loaded, every change is written through; null keeps them in memory.</param>
    public SqsService(LocalCloudOptions options, DurableStore? store = null)
    {
        _options = options;
        _store = store;
        Endpoint = $"http://127.0.0.1:{options.Port}";
        if (store is null)
        {
            return;
        }
        var now = Now;
        foreach (var stored in store.LoadQueues(options.Region))
        {
            var queue = new SqsQueue(stored.Name, stored.Arn, UrlOf(stored.Name), stored.IsFifo, stored.CreatedMs) { Journal = Journal(stored.Name) };
            queue.Apply(stored.Settings, stored.CreatedMs);
            queue.Restore(stored.Messages, stored.Deduplication.Select(d => (d.Key, new SqsSendResult(d.MessageId, d.Md5OfBody, null, null, d.SequenceNumber), d.ExpiresAt)),
                stored.Sequence, now);
            _queues[stored.Name] = queue;
            queue.Tags = stored.Tags;
        }
    }

    private SqsQueueJournal? Journal(string queue) => _store is { } store ? new SqsQueueJournal(store, _options.Region, queue) : null;

    /// <summary>Base of queue URLs; set by the host once it knows its port (queues kept from an earlier run take the new one).</summary>
    public string Endpoint
    {
        get;
        set
        {
            field = value;
            foreach (var queue in _queues.Values)
            {
                queue.Url = UrlOf(queue.Name);
            }
        }
    }

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex QueueNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex BatchIdPattern();

    [GeneratedRegex("^[\\x21-\\x7E]{1,128}$")]
    private static partial Regex GroupOrDedupIdPattern();

    public string CreateQueue(string name, IReadOnlyDictionary<string, string>? attributes, IReadOnlyDictionary<string, string>? tags)
    {
        attributes ??= new Dictionary<string, string>();
        var isFifo = attributes.TryGetValue("FifoQueue", out var fifo) && fifo == "true";
        if (attributes.TryGetValue("FifoQueue", out var fifoValue) && fifoValue is not ("true" or "false"))
        {
            throw SqsErrors.InvalidAttributeValue("Invalid value for the parameter FifoQueue.");
        }
        var baseName = name.EndsWith(".fifo", StringComparison.Ordinal) ? name[..^5] : name;
        if (!QueueNamePattern().IsMatch(baseName) || name.Length > 80 || (isFifo != name.EndsWith(".fifo", StringComparison.Ordinal)))
        {
            throw SqsErrors.InvalidParameterValue(isFifo || name.EndsWith(".fifo", StringComparison.Ordinal)
                ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        var validated = SqsQueue.Validate(attributes, isFifo, creating: true);
        var now = Now;
        // Fully configured before it is published, so no caller ever sees it half made.
        var candidate = new SqsQueue(name, Arn(name), UrlOf(name), isFifo, now) { Journal = Journal(name) };
        candidate.Apply(validated, now);
        var queue = _queues.GetOrAdd(name, candidate);
        if (!ReferenceEquals(queue, candidate))
        {
            return queue.FirstDifference(validated) is { } different ? throw SqsErrors.QueueNameExists(different) : queue.Url;
        }
        try
        {
            // Setting the tags writes the new queue through to the data directory.
            candidate.Tags = tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(tags);
        }
        catch
        {
            _queues.TryRemove(new KeyValuePair<string, SqsQueue>(name, candidate));
            throw;
        }
        return queue.Url;
    }

    public string GetQueueUrl(string name) =>
        _queues.TryGetValue(name, out var queue) ? queue.Url : throw SqsErrors.QueueDoesNotExist();

    public IReadOnlyList<string> ListQueues(string? prefix) =>
        _queues.Values.Where(q => prefix is null || q.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(q => q.Name, StringComparer.Ordinal).Select(q => q.Url).ToList();

    public void DeleteQueue(string queueUrl)
    {
        var queue = Resolve(queueUrl);
        _store?.DeleteQueue(_options.Region, queue.Name);
        _queues.TryRemove(new KeyValuePair<string, SqsQueue>(queue.Name, queue));
    }

    public Dictionary<string, string> GetQueueAttributes(string queueUrl, IReadOnlyList<string> names) =>
        Resolve(queueUrl).Attributes(names, Now);

    public void SetQueueAttributes(string queueUrl, IReadOnlyDictionary<string, string> attributes)
    {
        var queue = Resolve(queueUrl);
        var validated = SqsQueue.Validate(attributes, queue.IsFifo, creating: false);
        if (validated.TryGetValue("RedrivePolicy", out var redrive) && redrive.Length > 0)
        {
            var target = SqsQueue.ParseRedrive(redrive).TargetArn;
            var dlq = FindByArn(target) ?? throw SqsErrors.InvalidValue("RedrivePolicy", redrive, "Dead letter target does not exist.");
            if (dlq.IsFifo != queue.IsFifo)
            {
                throw SqsErrors.InvalidValue("RedrivePolicy", redrive, "Dead-letter queue must be same type of queue as the source.");
            }
        }
        queue.Apply(validated, Now);
        queue.Save();
    }

    public SqsQueue? FindByArn(string arn)
    {
        var name = arn[(arn.LastIndexOf(':') + 1)..];
        return _queues.TryGetValue(name, out var queue) && queue.Arn == arn ? queue : null;
    }

    /// <summary>Finds a queue by URL (any host; the path's last segment is the name), by ARN, or by plain name.</summary>
    public SqsQueue Resolve(string queueUrl)
    {
        if (queueUrl.StartsWith("arn:", StringComparison.Ordinal))
        {
            return FindByArn(queueUrl) ?? throw SqsErrors.QueueDoesNotExist();
        }
        var name = queueUrl.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return _queues.TryGetValue(name, out var queue) ? queue : throw SqsErrors.QueueDoesNotExist();
    }

    public SqsSendResult SendMessage(string queueUrl, SqsSendRequest request) => Send(Resolve(queueUrl), request);

    /// <summary>Sends to a resolved queue; <paramref name="batchEntry"/> words size errors as SendMessageBatch does.</summary>
    public SqsSendResult Send(SqsQueue queue, SqsSendRequest request, bool batchEntry = false)
    {
        if (string.IsNullOrEmpty(request.Body))
        {
            throw SqsErrors.MissingParameter("MessageBody");
        }
        CheckCharacters(request.Body);
        var size = Encoding.UTF8.GetByteCount(request.Body) + AttributeSize(request.MessageAttributes);
        if (size > queue.MaximumMessageSize)
        {
            throw SqsErrors.InvalidParameterValue($"One or more parameters {(batchEntry ? "cannot be validated" : "are invalid")}. Reason: Message must be shorter than {queue.MaximumMessageSize} bytes.");
        }
        ValidateAttributes(request.MessageAttributes);
        string? groupId = request.MessageGroupId, dedupId = request.DeduplicationId;
        int delay;
        if (queue.IsFifo)
        {
            if (request.DelaySeconds is { } d && d != 0)
            {
                throw SqsErrors.InvalidValue("DelaySeconds", d.ToString(CultureInfo.InvariantCulture), "The request include parameter that is not valid for this queue type.");
            }
            if (groupId is null)
            {
                throw SqsErrors.MissingParameter("MessageGroupId");
            }
            if (!GroupOrDedupIdPattern().IsMatch(groupId))
            {
                throw SqsErrors.InvalidValue("MessageGroupId", groupId, "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
            }
            if (dedupId is null)
            {
                dedupId = queue.ContentBasedDeduplication
                    ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)))
                    : throw SqsErrors.InvalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
            else if (!GroupOrDedupIdPattern().IsMatch(dedupId))
            {
                throw SqsErrors.InvalidValue("MessageDeduplicationId", dedupId, "MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
            }
            delay = queue.DelaySeconds;
        }
        else
        {
            delay = request.DelaySeconds ?? queue.DelaySeconds;
            if (delay is < 0 or > 900)
            {
                throw SqsErrors.InvalidValue("DelaySeconds", delay.ToString(CultureInfo.InvariantCulture), "DelaySeconds must be >= 0 and <= 900.");
            }
            if (groupId is not null && !GroupOrDedupIdPattern().IsMatch(groupId))
            {
                throw SqsErrors.InvalidValue("MessageGroupId", groupId, "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
            }
            dedupId = null;
        }
        var attributes = request.MessageAttributes ?? new Dictionary<string, SqsAttributeValue>();
        var system = request.SystemAttributes ?? new Dictionary<string, SqsAttributeValue>();
        foreach (var name in system.Keys)
        {
            if (name != "AWSTraceHeader")
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }
        }
        var now = Now;
        var message = new SqsMessage
        {
            MessageId = Guid.NewGuid().ToString(),
            Body = request.Body,
            Md5OfBody = SqsMd5.OfBody(request.Body),
            MessageAttributes = attributes,
            SystemAttributes = system,
            SentTimestamp = now,
            SenderId = _options.AccountId,
            MessageGroupId = groupId,
            DeduplicationId = dedupId,
        };
        return queue.Enqueue(message, delay, SqsMd5.OfAttributes(attributes), SqsMd5.OfAttributes(system), now);
    }

    private static int AttributeSize(IReadOnlyDictionary<string, SqsAttributeValue>? attributes)
    {
        if (attributes is null)
        {
            return 0;
        }
        var size = 0;
        foreach (var (name, value) in attributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + (value.IsBinary ? value.BinaryValue?.Length ?? 0 : Encoding.UTF8.GetByteCount(value.StringValue ?? ""));
        }
        return size;
    }

    private static void CheckCharacters(string body)
    {
        foreach (var rune in body.EnumerateRunes())
        {
            var c = rune.Value;
            if (!(c is 0x9 or 0xA or 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000))
            {
                throw SqsErrors.InvalidMessageContents(c);
            }
        }
    }

    private static void ValidateAttributes(IReadOnlyDictionary<string, SqsAttributeValue>? attributes)
    {
        if (attributes is null)
        {
            return;
        }
        if (attributes.Count > 10)
        {
            throw SqsErrors.InvalidParameterValue($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [10].");
        }
        foreach (var (name, value) in attributes)
        {
            if (name.Length is 0 or > 256 || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
            {
                throw SqsErrors.InvalidParameterValue($"Message (user) attribute name '{name}' is invalid.");
            }
            var type = value.DataType;
            var baseType = type.Split('.', 2)[0];
            if (baseType is not ("String" or "Number" or "Binary"))
            {
                throw SqsErrors.InvalidParameterValue($"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            }
            if (baseType == "Binary")
            {
                if (value.BinaryValue is null || value.BinaryValue.Length == 0)
                {
                    throw SqsErrors.InvalidParameterValue($"Message (user) attribute '{name}' must contain a non-empty value of type 'Binary'.");
                }
            }
            else if (string.IsNullOrEmpty(value.StringValue))
            {
                throw SqsErrors.InvalidParameterValue($"Message (user) attribute '{name}' must contain a non-empty value of type '{baseType}'.");
            }
            else if (baseType == "Number" && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw SqsErrors.InvalidParameterValue($"Can't cast the value of message (user) attribute '{name}' to a number.");
            }
        }
    }

    /// <summary>Receives up to the requested number of messages, long-polling up to the wait time.</summary>
    public async Task<IReadOnlyList<SqsReceivedMessage>> ReceiveMessageAsync(string queueUrl, SqsReceiveRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(queueUrl);
        if (request.MaxNumberOfMessages is < 1 or > 10)
        {
            throw SqsErrors.InvalidValue("MaxNumberOfMessages", request.MaxNumberOfMessages.ToString(CultureInfo.InvariantCulture), "Must be between 1 and 10, if provided.");
        }
        if (request.WaitTimeSeconds is < 0 or > 20)
        {
            throw SqsErrors.InvalidValue("WaitTimeSeconds", request.WaitTimeSeconds.Value.ToString(CultureInfo.InvariantCulture), "Must be >= 0 and <= 20, if provided.");
        }
        if (request.VisibilityTimeout is < 0 or > 43200)
        {
            throw SqsErrors.InvalidValue("VisibilityTimeout", request.VisibilityTimeout.Value.ToString(CultureInfo.InvariantCulture), "Must be >= 0 and <= 43200, if provided.");
        }
        var wait = request.WaitTimeSeconds ?? queue.ReceiveWaitSeconds;
        var deadline = Now + wait * 1000L;
        while (true)
        {
            var signal = queue.ArrivalSignal;
            var now = Now;
            // Without an existing dead-letter queue the message stays where it is rather than being lost.
            var deadLetter = queue.Redrive is { } redrive ? FindByArn(redrive.TargetArn) : null;
            var (received, toDeadLetter, nextVisible) = queue.TryReceive(request, _options.AccountId, deadLetter is not null, now);
            foreach (var m in toDeadLetter)
            {
                deadLetter!.EnqueueMoved(m, queue, now);
            }
            if (received.Count > 0 || now >= deadline)
            {
                return received;
            }
            var until = Math.Min(deadline, toDeadLetter.Count > 0 ? now : nextVisible);
            if (until <= now)
            {
                continue;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(TimeSpan.FromMilliseconds(until - now), _options.Clock, timeout.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void DeleteMessage(string queueUrl, string receiptHandle) => Resolve(queueUrl).Delete(receiptHandle, Now);

    public void ChangeMessageVisibility(string queueUrl, string receiptHandle, int visibilityTimeout) =>
        Resolve(queueUrl).ChangeVisibility(receiptHandle, visibilityTimeout, Now);

    public void PurgeQueue(string queueUrl) => Resolve(queueUrl).Purge(Now);

    public static bool IsValidBatchId(string id) => BatchIdPattern().IsMatch(id);

    private string Arn(string name) => $"arn:{_options.Partition}:sqs:{_options.Region}:{_options.AccountId}:{name}";

    private string UrlOf(string name) => $"{Endpoint}/{_options.AccountId}/{name}";
}
