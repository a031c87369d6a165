using System.Text.Json.Nodes;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Tests.JsonPath;

public sealed class JsonPathExpressionTests
{
    private const string Store = """
        {"store":{"book":[{"title":"A","price":8.95,"tags":["x"]},{"title":"B","price":12.99},{"title":"C","price":22,"isbn":"1"}],
         "bicycle":{"price":19.95}},"a b":{"c":1}}
        """;

    [Theory]
    [InlineData("$.store.book[0].title", true, "\"A\"")]
    [InlineData("$['store']['book'][-1].title", true, "\"C\"")]
    [InlineData("$['a b'].c", true, "1")]
    [InlineData("$.store.book[*].title", false, """["A","B","C"]""")]
    [InlineData("$.store.book[0:2].title", false, """["A","B"]""")]
    [InlineData("$.store.book[:1].price", false, "[8.95]")]
    [InlineData("$.store.book[1:].price", false, "[12.99,22]")]
    [InlineData("$.store.book[0,2].title", false, """["A","C"]""")]
    [InlineData("$..price", false, "[8.95,12.99,22,19.95]")]
    [InlineData("$.store.book[?(@.price < 10)].title", false, """["A"]""")]
    [InlineData("$.store.book[?(@.isbn)].title", false, """["C"]""")]
    [InlineData("$.store.book[?(@.price > 10 && @.title != 'C')].title", false, """["B"]""")]
    [InlineData("$.store.book.length()", true, "3")]
    [InlineData("$.missing[*]", false, "[]")]
    public void Select_Path_ReturnsMatches(string path, bool definite, string expected)
    {
        var parsed = JsonPathExpression.Parse(path);
        var matches = parsed.Select(JsonNode.Parse(Store));
        Assert.Equal(definite, parsed.IsDefinite);
        var actual = definite ? matches.Single() : new JsonArray([.. matches.Select(m => m?.DeepClone())]);
        Assert.True(JsonEquality.Equal(JsonNode.Parse(expected), actual), $"{path} gave {JsonValues.ToJson(actual)}");
    }

    [Theory]
    [InlineData("store.book")]
    [InlineData("$.store[")]
    [InlineData("$.store..")]
    [InlineData("$.a[x]")]
    public void TryParse_Malformed_ReturnsError(string path)
    {
        Assert.False(JsonPathExpression.TryParse(path, out _, out var error));
        Assert.Contains("Invalid JSONPath", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBracketNotation_DefinitePath_MatchesJaywayErrorText() =>
        Assert.Equal("$['a']['b'][0]", JsonPathExpression.Parse("$.a.b[0]").ToBracketNotation());
}
