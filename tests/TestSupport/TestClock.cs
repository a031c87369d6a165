namespace Sluice.TestSupport;

/// <summary>
/// Where test clocks start. Tests use <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>:
/// its time and timers move only when the test advances it, so nothing waits on the wall clock.
/// </summary>
public static class TestClock
{
    /// <summary>A fixed instant tests can write expected timestamps against (2026-11-26T12:00:00Z).</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
}
