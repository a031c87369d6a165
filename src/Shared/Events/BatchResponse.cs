using System.Text.Json.Serialization;

namespace Sluice.Shared.Events;

/// <summary>
/// The partial batch response (<c>ReportBatchItemFailures</c>): for SQS the failed message ids, for
/// Kinesis the sequence number to resume from. An empty list means the whole batch succeeded.
/// </summary>
public sealed record BatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<BatchItemFailure> BatchItemFailures)
{
    public static BatchResponse Success { get; } = new([]);
}

public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
