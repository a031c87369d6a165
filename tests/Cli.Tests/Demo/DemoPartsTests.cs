using System.Text;
using Sluice.Cli.Demo;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.Demo;

public sealed class DemoPartsTests
{
    [Fact]
    public void PutOrder_ExecutionName_IsTheProcessorsRule()
    {
        var order = new PutOrder("a.b/c", "ord-1", "valid", null);

        Assert.Equal(ExecutionName.For("sluice/generator", "a.b/c"), order.ExecutionName);
        Assert.Matches("^a_b_c-[a-z2-7]{52}$", order.ExecutionName);
    }

    [Fact]
    public void Percentiles_NearestRank_PicksMeasuredValues()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal(50, Percentiles.Of(values, 50));
        Assert.Equal(95, Percentiles.Of(values, 95));
        Assert.Equal(99, Percentiles.Of(values, 99));
        Assert.Equal(7, Percentiles.Of([7], 99));
    }

    [Fact]
    public void ParseOutcome_Rejected_CarriesTheReason()
    {
        var json = OrderOutcome.Write(new OrderRejected("ord-1", null, new RejectionReason("OutOfStock", "x"), "e0"), DateTimeOffset.UnixEpoch);

        var outcome = PipelineObserver.ParseOutcome(json)?.Outcome;

        Assert.NotNull(outcome);
        Assert.Equal(("ord-1/outcome", "ord-1", "rejected:OutOfStock"), (outcome.EventId, outcome.OrderId, outcome.Label));
    }

    [Fact]
    public void ParseOutcome_PlacedOrGarbage_IsNotAnOutcome()
    {
        Assert.Null(PipelineObserver.ParseOutcome(Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"e1","source":"s","type":"order.placed","subject":"ord-1","data":{}}""")));
        Assert.Null(PipelineObserver.ParseOutcome(Encoding.UTF8.GetBytes("""{"id":"e1","ty""")));
    }
}
