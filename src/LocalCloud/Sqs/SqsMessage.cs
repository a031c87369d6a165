namespace Sluice.LocalCloud.Sqs;

/// <summary>A stored message; its mutable state changes only under its queue's lock.</summary>
internal sealed class SqsMessage
{
    public required string MessageId { get; init; }

    public required string Body { get; init; }

    public required string Md5OfBody { get; init; }

    public required IReadOnlyDictionary<string, SqsAttributeValue> MessageAttributes { get; init; }

    public required IReadOnlyDictionary<string, SqsAttributeValue> SystemAttributes { get; init; }

    public required long SentTimestamp { get; init; }

    public required string SenderId { get; init; }

    public string? MessageGroupId { get; init; }

    public string? DeduplicationId { get; init; }

    public string? SequenceNumber { get; set; }

    public string? DeadLetterQueueSourceArn { get; set; }

    /// <summary>Milliseconds since the epoch at which the message can be received (delay or visibility).</summary>
    public long VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    public long FirstReceiveTimestamp { get; set; }

    public string? ReceiptHandle { get; set; }

    /// <summary>Its place in the queue's ordered list, when it is there (FIFO: always; standard: while visible).</summary>
    public LinkedListNode<SqsMessage>? Node { get; set; }

    public bool Deleted { get; set; }

    /// <summary>Invalidates older entries of a standard queue's hidden-message heap.</summary>
    public long HiddenVersion { get; set; }
}
