namespace Sluice.Shared.Aws;

/// <summary>
/// The SDKs' "standard" retry mode: at most <see cref="MaxAttempts"/> attempts, capped exponential
/// backoff with full jitter: <c>delay = random[0,1) * min(MaxBackoff, base * 2^(retry - 1))</c>,
/// where base is <see cref="ThrottlingBaseDelay"/> after a throttling error and
/// <see cref="TransientBaseDelay"/> after any other retryable failure (the SDKs' 2026 defaults:
/// 1 s and 50 ms). Each client also keeps a retry quota of <see cref="QuotaCapacity"/> tokens
/// (5 per retry after throttling, 14 after other failures, refunded on success).
/// </summary>
public sealed class AwsRetryPolicy
{
    public static readonly AwsRetryPolicy Standard = new();

    private static readonly TimeSpan s_maxRetryAfterExtra = TimeSpan.FromSeconds(5);

    public int MaxAttempts
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "At least one attempt.");
    } = 3;

    /// <summary>The size of each client's retry token bucket (the SDKs use 500).</summary>
    public int QuotaCapacity
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(QuotaCapacity), value, "Zero or more.");
    } = 500;

    public TimeSpan ThrottlingBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A uniform random number in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>Waits between attempts; tests replace it to record delays instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>
    /// The wait after the failed attempt number <paramref name="attempt"/> (1-based). A service's
    /// <c>x-amz-retry-after</c> hint is honoured within [backoff, backoff + 5 s], as the SDKs do.
    /// </summary>
    public TimeSpan Backoff(int attempt, bool throttled, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var baseDelay = throttled ? ThrottlingBaseDelay : TransientBaseDelay;
        // Cap the exponent so the multiplication cannot overflow before the cap applies.
        var ceiling = Math.Min(MaxBackoff.TotalSeconds, baseDelay.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var r = Random();
        if (r is < 0 or >= 1 || double.IsNaN(r))
        {
            throw new InvalidOperationException($"{nameof(Random)} returned {r}, outside [0, 1).");
        }

        var backoff = TimeSpan.FromSeconds(r * ceiling);
        if (retryAfter is not { } hint)
        {
            return backoff;
        }

        var upper = backoff + s_maxRetryAfterExtra;
        return hint < backoff ? backoff : hint > upper ? upper : hint;
    }
}
