namespace Sluice.Shared.Aws.Sqs;

internal sealed class ChangeMessageVisibilityRequest
{
    public required string QueueUrl { get; init; }

    public required string ReceiptHandle { get; init; }

    public required int VisibilityTimeout { get; init; }
}
