namespace Sluice.LocalCloud.Kinesis;

/// <summary>One record to write, as PutRecord and each PutRecords entry carry it.</summary>
internal sealed record KinesisPutEntry(byte[] Data, string PartitionKey, string? ExplicitHashKey);

/// <summary>Where a record landed, or why it did not (ErrorCode is then set).</summary>
internal sealed record KinesisPutResult(string? ShardId, string? SequenceNumber, string? ErrorCode, string? ErrorMessage);
