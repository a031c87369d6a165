namespace Sluice.Asl.Time;

/// <summary>Wall time for history timestamps, and delays for Wait states, retries and timeouts.</summary>
public interface IAslClock
{
    DateTimeOffset UtcNow { get; }

    /// <summary>Waits for <paramref name="delay"/> of workflow time (the implementation may scale it).</summary>
    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
}
