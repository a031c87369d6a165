using Sluice.Cli.Demo;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.Demo;

public sealed class DemoReportTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly RunningCloudView s_cloud = new("http://127.0.0.1:1", new() { ["f"] = 1 }, new() { ["f"] = 2 });
    private static readonly PutOrder s_a = new("evt-a", "ord-a", "valid", s_t0);
    private static readonly PutOrder s_b = new("evt-b", "ord-b", "declined", s_t0);
    private static readonly PutOrder s_bad = new("evt-x", "ord-x", "malformed", null);

    [Fact]
    public void Build_EveryValidOrderEndedOnce_PassesWithCountsAndLatency()
    {
        var s = DemoReport.Build([s_a, s_b, s_bad], [s_a, s_b], [("ord-x", "record is not valid JSON: at 3")],
            [Execution(s_a, "SUCCEEDED", 1000), Execution(s_b, "SUCCEEDED", 3000)],
            [Confirmed("o1", "ord-a"), Rejected("o2", "ord-b", "PaymentDeclined")], 3, s_cloud, 1, TimeSpan.FromSeconds(5));

        Assert.True(s.CheckPassed, string.Join("\n", s.Problems));
        Assert.Equal(2, s.ValidOrders);
        Assert.Equal(1, s.IngestRejected);
        Assert.Equal(1, s.IngestRejectedReasons["record is not valid JSON"]);
        Assert.Equal(1, s.OrdersByOutcome["rejected:PaymentDeclined"]);
        Assert.Equal(new LatencySummary(2, 1000, 3000, 3000, 3000), s.LatencyMs);
    }

    [Fact]
    public void Build_SecondOutcomeEventForAnOrder_FailsTheCheck()
    {
        var s = DemoReport.Build([s_a], [s_a], [], [Execution(s_a, "SUCCEEDED", 10)],
            [Confirmed("o1", "ord-a"), Confirmed("o2", "ord-a")], 1, s_cloud, null, TimeSpan.Zero);

        Assert.False(s.CheckPassed);
        Assert.Contains(s.Problems, p => p.Contains("ord-a: 2 outcome events", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ExecutionStillRunningOrMissing_FailsTheCheck()
    {
        var s = DemoReport.Build([s_a, s_b], [s_a, s_b], [], [Execution(s_a, "RUNNING", null)],
            [Confirmed("o1", "ord-a"), Confirmed("o2", "ord-b")], 2, s_cloud, null, TimeSpan.Zero);

        Assert.False(s.CheckPassed);
        Assert.Contains(s.Problems, p => p.StartsWith("order ord-a (event evt-a): 1 executions, 0 terminal", StringComparison.Ordinal));
        Assert.Contains(s.Problems, p => p.StartsWith("order ord-b (event evt-b): 0 executions", StringComparison.Ordinal));
        Assert.Null(s.LatencyMs);
    }

    [Fact]
    public void Build_RecordsNotPut_FailsTheCheck()
    {
        var s = DemoReport.Build([s_a, s_b], [s_a], [], [Execution(s_a, "SUCCEEDED", 10)], [Confirmed("o1", "ord-a")], 1, s_cloud, null, TimeSpan.Zero);

        Assert.Contains("1 of 2 records were not put", s.Problems);
    }

    private static OrderOutcome Confirmed(string id, string orderId) =>
        new(id, orderId, new OrderConfirmed(orderId, "c-1", 10m, "EUR", "auth-1", "evt-1"), null);

    private static OrderOutcome Rejected(string id, string orderId, string error) =>
        new(id, orderId, null, new OrderRejected(orderId, null, new RejectionReason(error, "why"), "evt-1"));

    private static ExecutionListItem Execution(PutOrder order, string status, int? stopAfterMs) => new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:000000000000:execution:m:" + order.ExecutionName,
        StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:m",
        Name = order.ExecutionName,
        Status = status,
        StartDate = s_t0,
        StopDate = stopAfterMs is { } ms ? s_t0.AddMilliseconds(ms) : null,
    };
}
