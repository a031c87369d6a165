using System.Text;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Tests.Domain;

public sealed class WorkflowBudgetTests
{
    private static CloudEvent Placed(int lines, int skuLength = 5, int note = 0)
    {
        var sku = new string('S', skuLength);
        var lineJson = string.Join(",", Enumerable.Range(0, lines).Select(_ => $$"""{"sku":"{{sku}}","quantity":1,"unitPrice":5}"""));
        var json = $$$"""{"specversion":"1.0","id":"e","source":"s","type":"order.placed","subject":"o-1","data":{"orderId":"o-1","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","note":"{{{new string('n', note)}}}","lines":[{{{lineJson}}}]}}""";
        var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, parsed.Problem);
        return parsed.Event;
    }

    [Fact]
    public void Estimate_AnOrdinaryOrder_IsFarUnderTheLimit()
    {
        Assert.InRange(WorkflowBudget.Estimate(Placed(3)), 1, 32 * 1024);
        Assert.Null(WorkflowBudget.Problem(Placed(3)));
    }

    [Fact]
    public void Estimate_CoversTheEventItself() =>
        Assert.True(WorkflowBudget.Estimate(Placed(1, note: 100_000)) > 100_000);

    [Fact]
    public void Estimate_GrowsWithEveryLineAndTwiceWithItsSku()
    {
        // Past the failure allowance, each line adds a reservation that echoes its sku twice.
        var forty = WorkflowBudget.Estimate(Placed(40, skuLength: 1_000));
        var fortyOne = WorkflowBudget.Estimate(Placed(41, skuLength: 1_000));

        // The line in the event (its sku once) and its reservation (the sku twice more).
        Assert.True(fortyOne - forty >= 3 * 1_000, $"{forty} -> {fortyOne}");
    }

    [Fact]
    public void Problem_ANearLimitEventWithFiftyLines_NamesTheLimit()
    {
        var placed = Placed(50, note: 250_000);

        Assert.Contains("262144-byte limit", WorkflowBudget.Problem(placed), StringComparison.Ordinal);
    }
}
