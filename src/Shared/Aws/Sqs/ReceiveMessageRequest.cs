namespace Sluice.Shared.Aws.Sqs;

internal sealed class ReceiveMessageRequest
{
    public required string QueueUrl { get; init; }

    public int? MaxNumberOfMessages { get; init; }

    public int? VisibilityTimeout { get; init; }

    public int? WaitTimeSeconds { get; init; }

    public IReadOnlyList<string>? MessageAttributeNames { get; init; }

    public IReadOnlyList<string>? MessageSystemAttributeNames { get; init; }
}
