namespace Sluice.LocalCloud.Tests.Support;

/// <summary>A clock the test moves by hand (retention, iterator expiry, visibility).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
