namespace Sluice.Shared.Aws.Sqs;

internal sealed class DeleteMessageBatchResultJson
{
    public IReadOnlyList<DeleteMessageBatchResultEntry>? Successful { get; init; }

    public IReadOnlyList<SqsBatchError>? Failed { get; init; }
}
