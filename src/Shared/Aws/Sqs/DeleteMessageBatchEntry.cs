namespace Sluice.Shared.Aws.Sqs;

/// <summary>One message to delete in a batch; <paramref name="Id"/> is the caller's, unique in the batch.</summary>
public sealed record DeleteMessageBatchEntry(string Id, string ReceiptHandle);
