using Sluice.Shared.Domain;

namespace Sluice.Shared.Tests.Domain;

public sealed class OrderRulesTests
{
    private static readonly OrderPlaced s_valid = new("o-1", "c-1", "EUR", "tok_ok", [new OrderLine("SKU-1", 2, 10m)]);

    [Fact]
    public void FindProblem_ValidOrder_IsNull() => Assert.Null(OrderRules.FindProblem(s_valid));

    [Theory]
    [InlineData("JPY", 1, 10, "currency 'JPY' is not one of EUR, USD, GBP")]
    [InlineData("EUR", 0, 10, "lines[0].quantity must be a whole number from 1 to 1000, not 0")]
    [InlineData("EUR", 1.5, 10, "lines[0].quantity must be a whole number from 1 to 1000, not 1.5")]
    [InlineData("EUR", 1001, 1, "lines[0].quantity must be a whole number from 1 to 1000, not 1001")]
    [InlineData("EUR", 1, 0, "lines[0].unitPrice must be positive, not 0")]
    [InlineData("EUR", 1000, 10, "order total 10000 EUR is not under the limit of 10000")]
    public void FindProblem_BrokenRule_NamesIt(string currency, double quantity, double price, string expected)
    {
        var order = s_valid with { Currency = currency, Lines = [new OrderLine("SKU-1", (decimal)quantity, (decimal)price)] };

        Assert.Equal(expected, OrderRules.FindProblem(order));
    }

    [Fact]
    public void FindProblem_NoLines_NamesIt() =>
        Assert.Equal("an order needs at least one line", OrderRules.FindProblem(s_valid with { Lines = [] }));

    [Fact]
    public void StockAndPayment_FollowTheDeterministicRules()
    {
        Assert.False(OrderRules.IsInStock("OOS-42"));
        Assert.True(OrderRules.IsInStock("SKU-42"));
        Assert.True(OrderRules.IsDeclined("tok_declined"));
        Assert.False(OrderRules.IsDeclined("tok_visa"));
    }
}
