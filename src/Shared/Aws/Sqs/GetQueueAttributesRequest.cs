namespace Sluice.Shared.Aws.Sqs;

internal sealed class GetQueueAttributesRequest
{
    public required string QueueUrl { get; init; }

    public IReadOnlyList<string>? AttributeNames { get; init; }
}
