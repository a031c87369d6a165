using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class AwsRetryPolicyTests
{
    [Theory]
    [InlineData(1, true, 1.0)]
    [InlineData(2, true, 2.0)]
    [InlineData(3, true, 4.0)]
    [InlineData(5, true, 16.0)]
    [InlineData(6, true, 20.0)]
    [InlineData(40, true, 20.0)]
    [InlineData(1, false, 0.05)]
    [InlineData(3, false, 0.2)]
    [InlineData(12, false, 20.0)]
    public void Backoff_RandomNearOne_ApproachesCappedCeiling(int attempt, bool throttled, double ceilingSeconds)
    {
        var policy = new AwsRetryPolicy { Random = () => 0.999999 };

        var delay = policy.Backoff(attempt, throttled);

        Assert.InRange(delay.TotalSeconds, ceilingSeconds * 0.9999, ceilingSeconds);
    }

    [Theory]
    [InlineData(300, 500)]
    [InlineData(2000, 2000)]
    [InlineData(9000, 5500)]
    public void Backoff_RetryAfterHint_IsClampedToBackoffPlusFiveSeconds(int hintMs, int expectedMs)
    {
        var policy = new AwsRetryPolicy { Random = () => 0.5 };

        var delay = policy.Backoff(1, throttled: true, TimeSpan.FromMilliseconds(hintMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void Backoff_RandomZero_IsNoWait()
    {
        var policy = new AwsRetryPolicy { Random = () => 0 };

        Assert.Equal(TimeSpan.Zero, policy.Backoff(3, throttled: true));
    }

    [Fact]
    public void Backoff_RealRandom_StaysWithinFullJitterBounds()
    {
        var policy = AwsRetryPolicy.Standard;
        var delays = Enumerable.Range(0, 2000).Select(_ => policy.Backoff(2, throttled: true).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 0, 2.0));
        // Full jitter spreads over the whole range, not a band around the ceiling.
        Assert.Contains(delays, d => d < 0.5);
        Assert.Contains(delays, d => d > 1.5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Backoff_RandomOutOfRange_Throws(double value)
    {
        var policy = new AwsRetryPolicy { Random = () => value };

        Assert.Throws<InvalidOperationException>(() => policy.Backoff(1, throttled: false));
    }

    [Fact]
    public void Standard_Defaults_AreThreeAttemptsAndSdkBases()
    {
        var policy = AwsRetryPolicy.Standard;

        Assert.Equal(3, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.ThrottlingBaseDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.TransientBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.MaxBackoff);
    }

    [Fact]
    public void MaxAttempts_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AwsRetryPolicy { MaxAttempts = 0 });
    }
}
