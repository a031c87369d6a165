namespace Sluice.Shared.Aws;

/// <summary>Success: SequenceNumber and ShardId. Failure: ErrorCode (ProvisionedThroughputExceededException or InternalFailure) and ErrorMessage.</summary>
public sealed class PutRecordsResultEntry
{
    public string? SequenceNumber { get; init; }

    public string? ShardId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}
