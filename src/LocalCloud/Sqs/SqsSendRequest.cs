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
