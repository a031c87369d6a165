namespace Sluice.Shared.Aws.Sqs;

internal sealed class DeleteMessageRequest
{
    public required string QueueUrl { get; init; }

    public required string ReceiptHandle { get; init; }
}
