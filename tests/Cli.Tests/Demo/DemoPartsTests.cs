using System.Text;
using Sluice.Cli.Demo;

namespace Sluice.Cli.Tests.Demo;

public sealed class DemoPartsTests
{
    [Fact]
    public void ExecutionName_GuidId_IsTheIdItself() =>
        Assert.Equal("0b6f3c9e-2d1a-4c55-9a7e-1f2e3d4c5b6a", ExecutionName.For("0b6f3c9e-2d1a-4c55-9a7e-1f2e3d4c5b6a"));

    [Fact]
    public void ExecutionName_DisallowedCharacters_ReplacedAndHashed()
    {
        var name = ExecutionName.For("a.b/c");

        Assert.Matches("^a_b_c-[0-9a-f]{8}$", name);
        Assert.NotEqual(name, ExecutionName.For("a:b/c"));
    }

    [Fact]
    public void ExecutionName_LongId_CutTo71PlusHash()
    {
        var name = ExecutionName.For(new string('x', 100));

        Assert.Equal(80, name.Length);
        Assert.StartsWith(new string('x', 71) + "-", name, StringComparison.Ordinal);
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
        var json = """{"id":"e1","type":"order.rejected","subject":"ord-1","data":{"orderId":"ord-1","reason":{"error":"OutOfStock","cause":"x"}}}""";

        Assert.Equal(new OutcomeEvent("e1", "ord-1", "rejected:OutOfStock"), PipelineObserver.ParseOutcome(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void ParseOutcome_PlacedOrGarbage_IsNotAnOutcome()
    {
        Assert.Null(PipelineObserver.ParseOutcome(Encoding.UTF8.GetBytes("""{"id":"e1","type":"order.placed","subject":"ord-1"}""")));
        Assert.Null(PipelineObserver.ParseOutcome(Encoding.UTF8.GetBytes("""{"id":"e1","ty""")));
    }
}
