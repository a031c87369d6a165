namespace Sluice.Shared.Aws.Sqs;

internal sealed class GetQueueUrlRequest
{
    public required string QueueName { get; init; }

    public string? QueueOwnerAWSAccountId { get; init; }
}
