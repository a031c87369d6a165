using Microsoft.Extensions.Time.Testing;
using Sluice.Cli.Demo;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Tests.Demo;

/// <summary>The demo's identity and trust probes against what a pipeline that keeps the contracts, and ones that do not, would show.</summary>
public sealed class TrustProbesTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly RunningCloudView s_cloud = new("http://127.0.0.1:1", [], []);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Check_PipelineKeepsTheContracts_EveryProbePasses(bool originalFirst)
    {
        var probes = Probes();
        var results = probes.Check(Honest(probes, originalFirst));

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Probe}: {r.Seen}"));
        Assert.Equal("two orders, same source and id, other content: one ran (confirmed), the other a conflict on the rejected queue", results[3].Brief);
    }

    [Fact]
    public void Create_SameSeed_SameRecords_SharedIdsAndForgeriesAsDescribed()
    {
        var a = Probes();
        var b = Probes();

        Assert.Equal(a.Records.Select(r => Convert.ToHexString(r.Data)), b.Records.Select(r => Convert.ToHexString(r.Data)));
        Assert.Equal(a.Original.EventId, a.SameSource.EventId);
        Assert.Equal(a.Original.EventId, a.OtherSourceOrder.EventId);
        Assert.NotEqual(a.Original.OrderId, a.SameSource.OrderId);
        Assert.Equal(TrustProbes.OtherSource, a.OtherSourceOrder.Source);
        Assert.NotEqual(a.Original.ExecutionName, a.OtherSourceOrder.ExecutionName);
        Assert.Equal(a.Original.ExecutionName, a.SameSource.ExecutionName);
        Assert.Equal(OrderOutcome.EventIdFor(a.Declined.OrderId), a.ForgedAsWorkflow.EventId);
        Assert.Equal(OrderOutcome.Source, a.ForgedAsWorkflow.Source);
        Assert.Equal(a.Declined.OrderId, a.ForgedByProducer.OrderId);
    }

    [Fact]
    public void Check_ForgedOutcomePublishedByIngest_FailsThatProbe()
    {
        var probes = Probes();
        var seen = Honest(probes, true);
        seen.Rejected.Remove("forged-1");

        var results = probes.Check(seen);

        Assert.False(results[0].Passed);
        Assert.StartsWith("not refused at ingest;", results[0].Seen, StringComparison.Ordinal);
        Assert.All(results.Skip(1), r => Assert.True(r.Passed, r.Probe));
    }

    [Fact]
    public void Check_ForgedOutcomeTakenForTheWorkflows_FailsTheDeclinedOrdersProbe()
    {
        var probes = Probes();
        var seen = Honest(probes, true);
        seen.Outcomes[probes.ForgedByProducer.EventId] = Confirmed(probes.ForgedByProducer.EventId, probes.Declined.OrderId);

        var results = probes.Check(seen);

        Assert.False(results[2].Passed);
        Assert.Contains("2 outcome events", results[2].Seen, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SharedIdWithOtherContentDroppedAsADuplicate_FailsAndTheReportSaysWhy()
    {
        var probes = Probes();
        var seen = Honest(probes, true);
        seen.Rejected.Remove("conflict");

        var summary = DemoReport.Build(seen, [], probes, 0, s_cloud, 1, TimeSpan.Zero);

        Assert.False(summary.CheckPassed);
        var problem = Assert.Single(summary.Problems);
        Assert.StartsWith($"orders {probes.Original.OrderId} and {probes.SameSource.OrderId}: the same (source", problem, StringComparison.Ordinal);
        Assert.Contains($"{probes.SameSource.OrderId} 1 executions (1 ended), 0 outcome events", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SameIdFromAnotherSourceTakenForTheSameEvent_FailsThatProbe()
    {
        var probes = Probes();
        var seen = Honest(probes, true);
        var other = probes.OtherSourceOrder;
        seen.Executions.RemoveAll(e => e.Name == other.ExecutionName);
        seen.Outcomes.Remove(OrderOutcome.EventIdFor(other.OrderId));
        seen.Rejected["other"] = new RejectedRecord(EventTypes.ProcessorRejected, other.OrderId, "already started", null, other.Source, other.EventId);

        var results = probes.Check(seen);

        Assert.False(results[4].Passed);
        Assert.Equal("the same id from another source: a conflict on the rejected queue, as its own execution", results[4].Brief);
    }

    private static TrustProbes Probes() => TrustProbes.Create(42, new FakeTimeProvider(s_t0));

    /// <summary>What a pipeline that keeps docs/contracts.md shows for the probes.</summary>
    private static PipelineSeen Honest(TrustProbes p, bool originalFirst)
    {
        var seen = new PipelineSeen();
        seen.Rejected["forged-1"] = new RejectedRecord(EventTypes.IngestRejected, p.ForgedByProducer.OrderId, "order.confirmed events are written only by the workflow", p.ForgedByProducer.Digest, null, null);
        seen.Rejected["forged-2"] = new RejectedRecord(EventTypes.IngestRejected, p.ForgedAsWorkflow.OrderId, "signature does not verify", p.ForgedAsWorkflow.Digest, null, null);
        var (winner, loser) = originalFirst ? (p.Original, p.SameSource) : (p.SameSource, p.Original);
        seen.Rejected["conflict"] = new RejectedRecord(EventTypes.ProcessorRejected, loser.OrderId, "already started with different content", null, loser.Source, loser.EventId);
        seen.Untrusted["u1"] = new UntrustedOutcome(p.Declined.OrderId, p.ForgedByProducer.Source, p.ForgedByProducer.EventId, "not the workflow's source");
        seen.Untrusted["u2"] = new UntrustedOutcome(p.Declined.OrderId, p.ForgedAsWorkflow.Source, p.ForgedAsWorkflow.EventId, "signature does not verify");
        foreach (var (order, confirmed) in new[] { (p.Declined, false), (winner, true), (p.OtherSourceOrder, true) })
        {
            seen.Executions.Add(new ExecutionListItem
            {
                ExecutionArn = "arn:aws:states:us-east-1:000000000000:execution:m:" + order.ExecutionName,
                StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:m",
                Name = order.ExecutionName,
                Status = "SUCCEEDED",
                StartDate = s_t0,
                StopDate = s_t0.AddSeconds(1),
            });
            var id = OrderOutcome.EventIdFor(order.OrderId);
            seen.Outcomes[id] = confirmed ? Confirmed(id, order.OrderId)
                : new OrderOutcome(id, order.OrderId, null, new OrderRejected(order.OrderId, null, new RejectionReason("PaymentDeclined", "declined"), order.EventId));
        }

        return seen;
    }

    private static OrderOutcome Confirmed(string id, string orderId) =>
        new(id, orderId, new OrderConfirmed(orderId, "c-1", 10m, "EUR", "auth-1", "evt-1"), null);
}
