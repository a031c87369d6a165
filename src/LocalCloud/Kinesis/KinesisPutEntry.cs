namespace Sluice.LocalCloud.Kinesis;

/// <summary>One record to write, as PutRecord and each PutRecords entry carry it.</summary>
internal sealed record KinesisPutEntry(byte[] Data, string PartitionKey, string? ExplicitHashKey);
