namespace Sluice.Shared.Aws;

/// <summary>The answer to an SNS PublishBatch: which entries were published and which failed.</summary>
public sealed record PublishBatchResult(
    IReadOnlyList<PublishBatchResultEntry> Successful,
    IReadOnlyList<BatchResultErrorEntry> Failed);
