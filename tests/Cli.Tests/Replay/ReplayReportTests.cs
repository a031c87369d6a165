using System.Text;
using Sluice.Cli.Put;
using Sluice.Cli.Replay;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.Replay;

/// <summary>What replay keeps from the records it reads and how it counts the orders, with a hand-written execution lookup.</summary>
public sealed class ReplayReportTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 16, 0, 0, TimeSpan.Zero);

    private static KinesisStreamRecord Record(byte[] data, string key, int second) =>
        new() { SequenceNumber = second.ToString(System.Globalization.CultureInfo.InvariantCulture), Data = data, PartitionKey = key, ApproximateArrivalTimestamp = s_t0.AddSeconds(second) };

    private static byte[] Placed(string orderId) =>
        OrderGenerator.Write("evt-" + orderId, new OrderPlaced(orderId, "cust-1", "EUR", "tok_visa", [new OrderLine("SKU-1", 1, 5m)]), s_t0);

    private static byte[] Confirmed(string orderId) =>
        OrderOutcome.Write(new OrderConfirmed(orderId, "cust-1", 5m, "EUR", "auth-" + orderId, "evt-" + orderId), s_t0);

    /// <summary>Execution statuses by name, and the names asked for.</summary>
    private sealed class FakeExecutions(Dictionary<string, string> statuses)
    {
        public List<string> Asked { get; } = [];

        public Task<string?> LookupAsync(string name, CancellationToken cancellationToken)
        {
            Asked.Add(name);
            return Task.FromResult(statuses.GetValueOrDefault(name));
        }
    }

    [Fact]
    public void Add_MixedRecords_KeepsEachPlacedOnceAndCountsTheRest()
    {
        var collector = new ReplayCollector(s_t0.AddSeconds(10));
        collector.Add(Record(Placed("a"), "a", 1));
        collector.Add(Record(Confirmed("a"), "a", 2));
        collector.Add(Record(Placed("b"), "b", 3));
        collector.Add(Record(Encoding.UTF8.GetBytes("not an event"), "x", 4));
        collector.Add(Record(Placed("a"), "a", 5));
        collector.Add(Record(Placed("late"), "late", 11));

        Assert.Equal(["evt-a", "evt-b"], collector.Placed.Select(p => p.EventId));
        Assert.Equal(["a", "b"], collector.Placed.Select(p => p.OrderId));
        Assert.Equal(Placed("a"), collector.Placed[0].Data);
        Assert.Equal(5, collector.Read);
        Assert.Equal(1, collector.Duplicates);
        Assert.Equal(1, collector.Skipped);
        Assert.Equal(1, collector.Unreadable);
        Assert.Equal(1, collector.AfterTo);
    }

    [Fact]
    public async Task CheckAsync_EachStatus_ClassifiedByExecutionName()
    {
        var collector = new ReplayCollector(null);
        foreach (var id in new[] { "done-ok", "done-failed", "running", "new", "aborted" })
        {
            collector.Add(Record(Placed(id), id, 1));
        }

        var fake = new FakeExecutions(new Dictionary<string, string>
        {
            [ExecutionName.For(OrderGenerator.Source, "evt-done-ok")] = "SUCCEEDED",
            [ExecutionName.For(OrderGenerator.Source, "evt-done-failed")] = "FAILED",
            [ExecutionName.For(OrderGenerator.Source, "evt-running")] = "RUNNING",
            [ExecutionName.For(OrderGenerator.Source, "evt-aborted")] = "ABORTED",
        });
        var progress = await ExecutionCheck.CheckAsync(collector.Placed, fake.LookupAsync, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var report = ReplayCommand.Report("orders", "arn:sm", s_t0, null, dryRun: true, shards: 2, collector, progress);

        Assert.Equal(collector.Placed.Select(p => ExecutionName.For(p.Source, p.EventId)), fake.Asked);
        Assert.Equal(5, report.EventsFound);
        Assert.Equal(1, report.AlreadyDone);
        Assert.Equal(2, report.Failed);
        Assert.Equal(1, report.InProgress);
        Assert.Equal(1, report.NotYetStarted);
        Assert.Equal(0, report.EventsRePut);
    }

    [Fact]
    public async Task CheckAsync_IdNotAValidExecutionName_AsksForTheDerivedName()
    {
        var collector = new ReplayCollector(null);
        var data = OrderGenerator.Write("evt:with/odd chars", new OrderPlaced("odd", "cust-1", "EUR", "tok_visa", [new OrderLine("SKU-1", 1, 5m)]), s_t0);
        collector.Add(Record(data, "odd", 1));
        var fake = new FakeExecutions(new Dictionary<string, string> { [ExecutionName.For(OrderGenerator.Source, "evt:with/odd chars")] = "SUCCEEDED" });

        var progress = await ExecutionCheck.CheckAsync(collector.Placed, fake.LookupAsync, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.NotEqual("evt:with/odd chars", Assert.Single(fake.Asked));
        Assert.Equal(ExecutionProgress.Done, Assert.Single(progress));
    }
}
