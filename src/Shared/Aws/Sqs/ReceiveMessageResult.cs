namespace Sluice.Shared.Aws.Sqs;

internal sealed class ReceiveMessageResult
{
    public IReadOnlyList<SqsMessage>? Messages { get; init; }
}
