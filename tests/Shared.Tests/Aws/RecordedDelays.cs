namespace Sluice.Shared.Tests.Aws;

/// <summary>Stands in for Task.Delay: records the backoff instead of sleeping.</summary>
internal sealed class RecordedDelays
{
    public List<TimeSpan> Delays { get; } = [];

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delays.Add(delay);
        return Task.CompletedTask;
    }
}
