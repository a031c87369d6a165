namespace Sluice.LocalCloud.Sqs;

/// <summary>One received message, with the attributes the caller asked for.</summary>
internal sealed record SqsReceivedMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    string Md5OfBody,
    string? Md5OfMessageAttributes,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, SqsAttributeValue> MessageAttributes);
