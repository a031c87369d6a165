using System.Globalization;

namespace Sluice.Cli.Up;

/// <summary>
/// Waits for the functions' AOT publishes (minutes on a first run) and says what is happening:
/// which are being published, each one as it finishes, and every <see cref="Every"/> which are
/// still running, so a first `up` or `demo` is never silent.
/// </summary>
internal static class PublishProgress
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    /// <param name="functions">Each function's name, what to say when its publish fails (its project), and the publish.</param>
    /// <exception cref="CliException">A publish failed: one line naming the function and the first line of the error.</exception>
    public static async Task WaitAsync(
        IReadOnlyList<(string Name, string Project, Task Publish)> functions,
        Action<string> status,
        TimeProvider clock,
        Func<TimeSpan, CancellationToken, Task> delay,
        CancellationToken cancellationToken)
    {
        var remaining = functions.Where(f => !f.Publish.IsCompleted).ToList();
        foreach (var finished in functions.Where(f => f.Publish.IsCompleted))
        {
            Check(finished);
        }

        if (remaining.Count == 0)
        {
            return;
        }

        status($"up: AOT-publishing {remaining.Count} of {functions.Count} functions ({Names(remaining)}; sources changed or first run: 1-4 min)...");
        var started = clock.GetUtcNow();
        while (remaining.Count > 0)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = delay(Every, tick.Token);
            var first = await Task.WhenAny(remaining.Select(f => f.Publish).Append(timer)).ConfigureAwait(false);
            await tick.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var finished in remaining.Where(f => f.Publish.IsCompleted).ToList())
            {
                Check(finished);
                remaining.Remove(finished);
                status($"up: {finished.Name} published ({Seconds(clock, started)} s)");
            }

            if (first == timer && remaining.Count > 0)
            {
                status($"up: still publishing {Names(remaining)} ({Seconds(clock, started)} s so far)");
            }
        }

        status($"up: functions published in {Seconds(clock, started)} s");
    }

    private static void Check((string Name, string Project, Task Publish) function)
    {
        if (function.Publish.Exception is { } failure)
        {
            var message = failure.InnerException?.Message ?? failure.Message;
            throw new CliException($"AOT publish of {function.Name} ({function.Project}) failed: {message.Split('\n', 2)[0].Trim()}");
        }
    }

    private static string Names(IEnumerable<(string Name, string Project, Task Publish)> functions) => string.Join(", ", functions.Select(f => f.Name));

    private static string Seconds(TimeProvider clock, DateTimeOffset started) =>
        (clock.GetUtcNow() - started).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
}
