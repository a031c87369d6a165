namespace Sluice.LocalCloud.Sqs;

/// <summary>What SendMessage answers.</summary>
internal sealed record SqsSendResult(string MessageId, string Md5OfBody, string? Md5OfMessageAttributes, string? Md5OfSystemAttributes, string? SequenceNumber);
