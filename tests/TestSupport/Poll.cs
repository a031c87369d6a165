namespace Sluice.TestSupport;

/// <summary>
/// Waits for a condition by checking it often, up to a timeout, for state that raises no signal of its
/// own (another process's output, a service reached over HTTP). On timeout the failure says what was
/// last seen, so a slow machine and a real bug read differently.
/// </summary>
public static class Poll
{
    /// <summary>The default wait: generous, because the suite runs on busy shared machines.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(20);
    private static readonly object s_met = new();

    public static Task UntilAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), describe, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        await ForAsync(async () => await condition().ConfigureAwait(false) ? s_met : null, describe, timeout).ConfigureAwait(false);
    }

    /// <summary>Probes until it returns a value (not null) and returns that value.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, Func<string> describe, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe().ConfigureAwait(false) is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {(timeout ?? DefaultTimeout).TotalSeconds:0} s; last seen: {describe()}");
            }
            await Task.Delay(s_interval).ConfigureAwait(false);
        }
    }
}
