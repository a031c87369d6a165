namespace Sluice.Shared.Aws;

/// <summary>
/// The standard mode's retry token bucket, one per client: a retry spends tokens (fewer after
/// throttling than after other failures), a success gives back what its retries spent, or one
/// token when it needed none. When the bucket is empty the client stops retrying, so a service
/// outage is not met with a multiplied load.
/// </summary>
internal sealed class RetryQuota(int capacity)
{
    internal const int ThrottlingRetryCost = 5;
    internal const int RetryCost = 14;
    internal const int NoRetryIncrement = 1;

    private readonly Lock _lock = new();
    private readonly int _capacity = capacity;
    private int _available = capacity;

    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes the cost of one retry; returns 0 when the bucket cannot cover it.</summary>
    public int TryAcquire(bool throttled)
    {
        var cost = throttled ? ThrottlingRetryCost : RetryCost;
        lock (_lock)
        {
            if (cost > _available)
            {
                return 0;
            }

            _available -= cost;
            return cost;
        }
    }

    public void Release(int amount)
    {
        lock (_lock)
        {
            _available = Math.Min(_capacity, _available + amount);
        }
    }
}
