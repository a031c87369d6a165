namespace Sluice.Ingest.Tests;

/// <summary>Records every batch; fails on command, by batch number (0-based).</summary>
internal sealed class RecordingPublisher : IEventPublisher
{
    public List<IReadOnlyList<OutgoingEvent>> Batches { get; } = [];

    public Func<int, IReadOnlyList<OutgoingEvent>, IReadOnlyList<FailedEntry>> Answer { get; set; } = static (_, _) => [];

    public Task<IReadOnlyList<FailedEntry>> PublishBatchAsync(IReadOnlyList<OutgoingEvent> batch, CancellationToken cancellationToken)
    {
        Batches.Add(batch);
        return Task.FromResult(Answer(Batches.Count - 1, batch));
    }
}
