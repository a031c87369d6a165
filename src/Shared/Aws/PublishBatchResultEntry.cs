namespace Sluice.Shared.Aws;

/// <summary>A published entry; <paramref name="SequenceNumber"/> is set for FIFO topics.</summary>
public sealed record PublishBatchResultEntry(string Id, string MessageId, string? SequenceNumber);
