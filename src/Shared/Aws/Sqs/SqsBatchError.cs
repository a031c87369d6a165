namespace Sluice.Shared.Aws.Sqs;

internal sealed class SqsBatchError
{
    public required string Id { get; init; }

    public required string Code { get; init; }

    public string? Message { get; init; }

    public bool SenderFault { get; init; }
}
