using System.Globalization;

namespace Sluice.Shared.Aws;

/// <summary>Amazon SNS over the query protocol (API version 2010-03-31).</summary>
public sealed class SnsClient
{
    internal const string ApiVersion = "2010-03-31";
    internal const int MaxBatchEntries = 10;

    private readonly AwsHttpClient _transport;

    public SnsClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Sns, http);
    }

    /// <summary>Publishes one message; returns its MessageId.</summary>
    /// <param name="attributes">String message attributes (name to value).</param>
    /// <param name="messageGroupId">FIFO topics only.</param>
    /// <param name="messageDeduplicationId">FIFO topics without content-based de-duplication only.</param>
    public async Task<string> PublishAsync(
        string topicArn,
        string message,
        IReadOnlyDictionary<string, string>? attributes = null,
        string? messageGroupId = null,
        string? messageDeduplicationId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ArgumentNullException.ThrowIfNull(message);
        var form = new QueryForm("Publish", ApiVersion);
        form.Add("TopicArn", topicArn);
        form.Add("Message", message);
        AddAttributes(form, "MessageAttributes", attributes);
        form.AddIfSet("MessageGroupId", messageGroupId);
        form.AddIfSet("MessageDeduplicationId", messageDeduplicationId);

        var root = await _transport.SendQueryAsync(form, cancellationToken).ConfigureAwait(false);
        var messageId = root.Descend("PublishResult", "MessageId")?.Text;
        return string.IsNullOrEmpty(messageId)
            ? throw new InvalidDataException("SNS Publish response has no PublishResult/MessageId.")
            : messageId;
    }

    /// <summary>
    /// Publishes 1 to 10 messages in one call. Per-entry failures come back in
    /// <see cref="PublishBatchResult.Failed"/>, not as an exception.
    /// </summary>
    public async Task<PublishBatchResult> PublishBatchAsync(
        string topicArn,
        IReadOnlyList<PublishBatchRequestEntry> entries,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ValidateBatch(entries);
        var form = new QueryForm("PublishBatch", ApiVersion);
        form.Add("TopicArn", topicArn);
        form.AddMembers("PublishBatchRequestEntries", entries, static (form, prefix, entry) =>
        {
            form.Add(prefix + "Id", entry.Id);
            form.Add(prefix + "Message", entry.Message);
            AddAttributes(form, prefix + "MessageAttributes", entry.MessageAttributes);
            form.AddIfSet(prefix + "MessageGroupId", entry.MessageGroupId);
            form.AddIfSet(prefix + "MessageDeduplicationId", entry.MessageDeduplicationId);
        });

        var root = await _transport.SendQueryAsync(form, cancellationToken).ConfigureAwait(false);
        var result = root.Child("PublishBatchResult")
            ?? throw new InvalidDataException("SNS PublishBatch response has no PublishBatchResult.");
        return new PublishBatchResult(
            [.. result.Members("Successful").Select(m => new PublishBatchResultEntry(
                Required(m, "Id"), Required(m, "MessageId"), m.ChildText("SequenceNumber")))],
            [.. result.Members("Failed").Select(m => new BatchResultErrorEntry(
                Required(m, "Id"), Required(m, "Code"), m.ChildText("Message"),
                string.Equals(m.ChildText("SenderFault")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)))]);
    }

    internal static void ValidateBatch(IReadOnlyList<PublishBatchRequestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > MaxBatchEntries)
        {
            throw new ArgumentException($"PublishBatch takes 1 to {MaxBatchEntries} entries, got {entries.Count}.", nameof(entries));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (entry.Id.Length > 80 || !entry.Id.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new ArgumentException(
                    $"PublishBatch entry id '{entry.Id}' must be 1 to 80 of A-Z, a-z, 0-9, '-' and '_'.", nameof(entries));
            }

            if (!ids.Add(entry.Id))
            {
                throw new ArgumentException($"PublishBatch entry ids must be unique; '{entry.Id}' appears twice.", nameof(entries));
            }
        }
    }

    private static void AddAttributes(QueryForm form, string prefix, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        var n = 0;
        // Ordered by name so the request (and its signature) does not depend on dictionary order.
        foreach (var (name, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(attributes));
            ArgumentNullException.ThrowIfNull(value, nameof(attributes));
            var entry = string.Create(CultureInfo.InvariantCulture, $"{prefix}.entry.{++n}.");
            form.Add(entry + "Name", name);
            form.Add(entry + "Value.DataType", "String");
            form.Add(entry + "Value.StringValue", value);
        }
    }

    private static string Required(XmlNode member, string name) => member.Required(name, "SNS PublishBatch result entry");
}
