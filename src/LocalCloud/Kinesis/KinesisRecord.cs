namespace Sluice.LocalCloud.Kinesis;

/// <summary>A stored record. <see cref="Counter"/> orders records within the shard; the sequence number encodes it.</summary>
internal sealed record KinesisRecord(long Counter, string SequenceNumber, DateTimeOffset ArrivalTime, byte[] Data, string PartitionKey);
