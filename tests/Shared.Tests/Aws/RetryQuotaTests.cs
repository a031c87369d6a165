using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class RetryQuotaTests
{
    [Fact]
    public void TryAcquire_ByKind_TakesFiveForThrottlingAndFourteenOtherwise()
    {
        var quota = new RetryQuota(500);

        Assert.Equal(5, quota.TryAcquire(throttled: true));
        Assert.Equal(14, quota.TryAcquire(throttled: false));
        Assert.Equal(481, quota.Available);
    }

    [Fact]
    public void TryAcquire_NotEnoughLeft_ReturnsZeroAndKeepsTokens()
    {
        var quota = new RetryQuota(13);

        Assert.Equal(0, quota.TryAcquire(throttled: false));
        Assert.Equal(13, quota.Available);
        Assert.Equal(5, quota.TryAcquire(throttled: true));
    }

    [Fact]
    public void Release_NeverExceedsCapacity()
    {
        var quota = new RetryQuota(20);
        quota.TryAcquire(throttled: true);

        quota.Release(3);
        Assert.Equal(18, quota.Available);
        quota.Release(100);
        Assert.Equal(20, quota.Available);
    }
}
