namespace Sluice.Shared.Aws.Sqs;

internal sealed class SendMessageResult
{
    public string? MessageId { get; init; }
}
