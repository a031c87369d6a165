namespace Sluice.Shared.Aws.Sqs;

/// <summary>The ids deleted and the entries that failed (per-entry failures are not exceptions).</summary>
public sealed record DeleteMessageBatchResult(IReadOnlyList<string> Successful, IReadOnlyList<BatchResultErrorEntry> Failed);
