namespace Sluice.Shared.Aws;

/// <summary>PutRecords answer: one entry per request record, in order; failed ones carry ErrorCode.</summary>
public sealed class PutRecordsResult
{
    public int FailedRecordCount { get; init; }

    public required IReadOnlyList<PutRecordsResultEntry> Records { get; init; }

    public string? EncryptionType { get; init; }
}
