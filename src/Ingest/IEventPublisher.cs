namespace Sluice.Ingest;

/// <summary>Publishes one batch (at most 10 events, 256 KiB) to the topic.</summary>
internal interface IEventPublisher
{
    /// <returns>The entry ids SNS reported as failed inside a successful call, with the reason.</returns>
    /// <exception cref="Exception">The call itself failed (after the client's retries).</exception>
    Task<IReadOnlyList<FailedEntry>> PublishBatchAsync(IReadOnlyList<OutgoingEvent> batch, CancellationToken cancellationToken);
}

internal sealed record FailedEntry(string EntryId, string Code, string? Message);
