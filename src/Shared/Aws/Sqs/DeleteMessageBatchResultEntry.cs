namespace Sluice.Shared.Aws.Sqs;

internal sealed class DeleteMessageBatchResultEntry
{
    public required string Id { get; init; }
}
