namespace Sluice.LocalCloud.Kinesis;

/// <summary>Where a record landed, or why it did not (ErrorCode is then set).</summary>
internal sealed record KinesisPutResult(string? ShardId, string? SequenceNumber, string? ErrorCode, string? ErrorMessage);
