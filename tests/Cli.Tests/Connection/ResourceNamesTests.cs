using Sluice.Cli.Connection;

namespace Sluice.Cli.Tests.Connection;

public sealed class ResourceNamesTests
{
    [Fact]
    public void Stream_RepositoryTemplate_StackNameDashOrders()
    {
        Assert.Equal("sluice-dev-orders", ResourceNames.Stream("sluice-dev", RepositoryRoot.Directory));
        Assert.Equal("shop-orders", ResourceNames.Stream("shop", Path.Combine(RepositoryRoot.Directory, "src", "Cli")));
    }

    [Fact]
    public void StateMachine_RepositoryTemplate_StackNameDashOrderFulfilment() =>
        Assert.Equal("sluice-dev-order-fulfilment", ResourceNames.StateMachine("sluice-dev", RepositoryRoot.Directory));

    [Fact]
    public void NamePattern_NameOfAnotherResource_NotTaken()
    {
        string[] lines =
        [
            "Resources:",
            "  OrderStream:",
            "    Type: AWS::Kinesis::Stream",
            "    Properties:",
            "      ShardCount: 1",
            "  Other:",
            "    Properties:",
            "      Name: other",
        ];

        Assert.Null(ResourceNames.NamePattern(lines, "OrderStream"));
        Assert.Equal("other", ResourceNames.NamePattern(lines, "Other"));
    }
}
