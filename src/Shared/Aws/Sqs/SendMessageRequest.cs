namespace Sluice.Shared.Aws.Sqs;

internal sealed class SendMessageRequest
{
    public required string QueueUrl { get; init; }

    public required string MessageBody { get; init; }

    public IReadOnlyDictionary<string, SqsMessageAttribute>? MessageAttributes { get; init; }
}
