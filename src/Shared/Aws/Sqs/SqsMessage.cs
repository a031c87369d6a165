namespace Sluice.Shared.Aws.Sqs;

/// <summary>A received message: its body, the handle that deletes it or changes its visibility, and its attributes.</summary>
public sealed class SqsMessage
{
    public required string MessageId { get; init; }

    public required string ReceiptHandle { get; init; }

    public required string Body { get; init; }

    public string? MD5OfBody { get; init; }

    /// <summary>System attributes asked for, e.g. ApproximateReceiveCount, SentTimestamp.</summary>
    public Dictionary<string, string>? Attributes { get; init; }

    public Dictionary<string, SqsMessageAttribute>? MessageAttributes { get; init; }

    public string? MD5OfMessageAttributes { get; init; }
}
