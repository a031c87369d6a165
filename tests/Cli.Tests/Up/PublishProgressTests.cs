using Microsoft.Extensions.Time.Testing;
using Sluice.Cli.Up;

namespace Sluice.Cli.Tests.Up;

/// <summary>A first run is never silent: the functions being published, each as it finishes, and a line at each tick while some still run.</summary>
public sealed class PublishProgressTests
{
    [Fact]
    public async Task WaitAsync_TwoPublishesAndTicks_SaysWhatIsRunningAndWhatFinished()
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        var ingest = new TaskCompletionSource();
        var processor = new TaskCompletionSource();
        var ticks = new Queue<TaskCompletionSource>();
        var lines = new List<string>();
        Task Delay(TimeSpan interval, CancellationToken token)
        {
            Assert.Equal(PublishProgress.Every, interval);
            var tick = new TaskCompletionSource();
            token.Register(() => tick.TrySetCanceled(token));
            lock (ticks)
            {
                ticks.Enqueue(tick);
            }

            return tick.Task;
        }

        var waiting = PublishProgress.WaitAsync(
            [("ingest", "src/Ingest", ingest.Task), ("processor", "src/Processor", processor.Task), ("orchestrator", "src/Orchestrator", Task.CompletedTask)],
            lines.Add, clock, Delay, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(15));
        Next(ticks).SetResult();
        await WaitForLinesAsync(lines, 2);
        clock.Advance(TimeSpan.FromSeconds(5));
        ingest.SetResult();
        await WaitForLinesAsync(lines, 3);
        clock.Advance(TimeSpan.FromSeconds(40));
        processor.SetResult();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(
        [
            "up: AOT-publishing 2 of 3 functions (ingest, processor; sources changed or first run: 1-4 min)...",
            "up: still publishing ingest, processor (15 s so far)",
            "up: ingest published (20 s)",
            "up: processor published (60 s)",
            "up: functions published in 60 s",
        ], lines);
    }

    [Fact]
    public async Task WaitAsync_AllPublished_SaysNothing()
    {
        var lines = new List<string>();

        await PublishProgress.WaitAsync([("ingest", "src/Ingest", Task.CompletedTask)], lines.Add, new FakeTimeProvider(TestClock.Start), Task.Delay, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Empty(lines);
    }

    [Fact]
    public async Task WaitAsync_APublishFails_OneLineNamingTheFunction()
    {
        var failed = Task.FromException(new InvalidOperationException("dotnet publish of src/Ingest failed (1):\nerror CS1002: ; expected"));

        var error = await Assert.ThrowsAsync<CliException>(() => PublishProgress.WaitAsync(
            [("ingest", "src/Ingest", failed)], _ => { }, new FakeTimeProvider(TestClock.Start), Task.Delay, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal("AOT publish of ingest (src/Ingest) failed: dotnet publish of src/Ingest failed (1):", error.Message);
    }

    private static TaskCompletionSource Next(Queue<TaskCompletionSource> ticks)
    {
        lock (ticks)
        {
            return ticks.Dequeue();
        }
    }

    private static async Task WaitForLinesAsync(List<string> lines, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (lines.Count < count)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
