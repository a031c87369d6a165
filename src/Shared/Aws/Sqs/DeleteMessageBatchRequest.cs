namespace Sluice.Shared.Aws.Sqs;

internal sealed class DeleteMessageBatchRequest
{
    public required string QueueUrl { get; init; }

    public required IReadOnlyList<DeleteMessageBatchEntry> Entries { get; init; }
}
