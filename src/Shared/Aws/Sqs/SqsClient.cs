using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Aws.Sqs;

/// <summary>
/// Amazon SQS over awsJson 1.0 (target prefix <c>AmazonSQS</c>), the protocol the current SDKs
/// use: the calls that send, read and settle messages. Errors are <see cref="AwsServiceException"/>s with
/// the JSON protocol's codes (e.g. <c>QueueDoesNotExist</c>, <c>ReceiptHandleIsInvalid</c>).
/// </summary>
public sealed class SqsClient
{
    internal const int MaxBatchEntries = 10;

    private readonly AwsHttpClient _transport;

    public SqsClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Sqs, http);
    }

    public async Task<string> GetQueueUrlAsync(string queueName, string? ownerAccountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var result = await CallAsync("GetQueueUrl", new GetQueueUrlRequest { QueueName = queueName, QueueOwnerAWSAccountId = ownerAccountId },
            SqsJsonContext.Default.GetQueueUrlRequest, SqsJsonContext.Default.GetQueueUrlResult, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(result.QueueUrl) ? throw new InvalidDataException("SQS GetQueueUrl answered no QueueUrl.") : result.QueueUrl;
    }

    /// <param name="names">Attribute names, e.g. ApproximateNumberOfMessages, QueueArn; null or "All" for all.</param>
    public async Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IReadOnlyList<string>? names = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        var result = await CallAsync("GetQueueAttributes", new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = names ?? ["All"] },
            SqsJsonContext.Default.GetQueueAttributesRequest, SqsJsonContext.Default.GetQueueAttributesResult, cancellationToken).ConfigureAwait(false);
        return result.Attributes ?? [];
    }

    /// <summary>Up to <paramref name="maxMessages"/> messages, each hidden for the visibility timeout; an empty list when none arrived.</summary>
    /// <param name="maxMessages">1 to 10.</param>
    /// <param name="waitTimeSeconds">0 to 20: long polling; null for the queue's setting.</param>
    /// <param name="visibilityTimeout">0 to 43200 seconds; null for the queue's setting.</param>
    public async Task<IReadOnlyList<SqsMessage>> ReceiveMessageAsync(
        string queueUrl,
        int maxMessages = 1,
        int? waitTimeSeconds = null,
        int? visibilityTimeout = null,
        IReadOnlyList<string>? messageAttributeNames = null,
        IReadOnlyList<string>? systemAttributeNames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        Range(maxMessages, 1, MaxBatchEntries, nameof(maxMessages));
        Range(waitTimeSeconds, 0, 20, nameof(waitTimeSeconds));
        Range(visibilityTimeout, 0, 43_200, nameof(visibilityTimeout));
        var request = new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = maxMessages,
            WaitTimeSeconds = waitTimeSeconds,
            VisibilityTimeout = visibilityTimeout,
            MessageAttributeNames = messageAttributeNames,
            MessageSystemAttributeNames = systemAttributeNames,
        };
        var result = await CallAsync("ReceiveMessage", request, SqsJsonContext.Default.ReceiveMessageRequest, SqsJsonContext.Default.ReceiveMessageResult, cancellationToken)
            .ConfigureAwait(false);
        return result.Messages ?? [];
    }

    /// <summary>Sends one message; returns its id.</summary>
    /// <param name="messageBody">1 byte to 256 KiB (the queue's MaximumMessageSize) of text.</param>
    /// <param name="attributes">Up to 10 message attributes, or null.</param>
    public async Task<string> SendMessageAsync(string queueUrl, string messageBody, IReadOnlyDictionary<string, SqsMessageAttribute>? attributes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentException.ThrowIfNullOrEmpty(messageBody);
        var result = await CallAsync("SendMessage", new SendMessageRequest { QueueUrl = queueUrl, MessageBody = messageBody, MessageAttributes = attributes },
            SqsJsonContext.Default.SendMessageRequest, SqsJsonContext.Default.SendMessageResult, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(result.MessageId) ? throw new InvalidDataException("SQS SendMessage answered no MessageId.") : result.MessageId;
    }

    public Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        return SendAsync("DeleteMessage", new DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle },
            SqsJsonContext.Default.DeleteMessageRequest, cancellationToken);
    }

    /// <summary>Deletes 1 to 10 messages; per-entry failures come back in the result.</summary>
    public async Task<DeleteMessageBatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > MaxBatchEntries)
        {
            throw new ArgumentException($"DeleteMessageBatch takes 1 to {MaxBatchEntries} entries, got {entries.Count}.", nameof(entries));
        }

        if (entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            throw new ArgumentException("DeleteMessageBatch entry ids must be unique.", nameof(entries));
        }

        var result = await CallAsync("DeleteMessageBatch", new DeleteMessageBatchRequest { QueueUrl = queueUrl, Entries = entries },
            SqsJsonContext.Default.DeleteMessageBatchRequest, SqsJsonContext.Default.DeleteMessageBatchResultJson, cancellationToken).ConfigureAwait(false);
        return new(
            [.. (result.Successful ?? []).Select(s => s.Id)],
            [.. (result.Failed ?? []).Select(f => new BatchResultErrorEntry(f.Id, f.Code, f.Message, f.SenderFault))]);
    }

    /// <param name="visibilityTimeout">0 to 43200 seconds from now; 0 makes the message visible again at once.</param>
    public Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        Range(visibilityTimeout, 0, 43_200, nameof(visibilityTimeout));
        return SendAsync("ChangeMessageVisibility", new ChangeMessageVisibilityRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle, VisibilityTimeout = visibilityTimeout },
            SqsJsonContext.Default.ChangeMessageVisibilityRequest, cancellationToken);
    }

    private static void Range(int? value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"SQS takes {min} to {max}.");
        }
    }

    // Operations without an output answer an empty body (or "{}"): nothing to read.
    private Task SendAsync<TRequest>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken) =>
        _transport.SendJsonAsync("AmazonSQS." + operation, "1.0", JsonSerializer.SerializeToUtf8Bytes(request, requestType), cancellationToken);

    private Task<TResult> CallAsync<TRequest, TResult>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        _transport.CallJsonAsync("SQS", "AmazonSQS." + operation, "1.0", request, requestType, resultType, cancellationToken);
}
