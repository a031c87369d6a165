namespace Sluice.Shared.Aws.Sqs;

internal sealed class GetQueueUrlResult
{
    public string? QueueUrl { get; init; }
}
