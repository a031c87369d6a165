namespace Sluice.LocalCloud.Sqs;

/// <summary>One message to send, as SendMessage and each SendMessageBatch entry carry it.</summary>
internal sealed record SqsSendRequest(string? Body)
{
    public int? DelaySeconds { get; init; }

    public IReadOnlyDictionary<string, SqsAttributeValue>? MessageAttributes { get; init; }

    public IReadOnlyDictionary<string, SqsAttributeValue>? SystemAttributes { get; init; }

    public string? MessageGroupId { get; init; }

    public string? DeduplicationId { get; init; }
}

/// <summary>What SendMessage answers.</summary>
internal sealed record SqsSendResult(string MessageId, string Md5OfBody, string? Md5OfMessageAttributes, string? Md5OfSystemAttributes, string? SequenceNumber);
