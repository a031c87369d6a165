namespace Sluice.Asl.Time;

/// <summary>
/// Real time with a settable scale for waits, retry intervals and timeouts: 1.0 runs them as
/// written, 0.001 turns a 10-second Wait into 10 ms so tests run fast.
/// </summary>
public sealed class ScaledClock(double scale = 1.0, TimeProvider? timeProvider = null) : IAslClock
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public double Scale { get; } = scale >= 0 && double.IsFinite(scale)
        ? scale
        : throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a finite number >= 0.");

    public DateTimeOffset UtcNow => _time.GetUtcNow();

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero || Scale == 0)
        {
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
        }

        var scaled = delay.TotalMilliseconds * Scale;
        var capped = TimeSpan.FromMilliseconds(Math.Min(scaled, int.MaxValue - 1));
        return Task.Delay(capped, _time, cancellationToken);
    }
}
