using System.Text.Json.Nodes;

namespace Sluice.Jsonata.Tests;

public sealed class JsonataExpressionTests
{
    [Fact]
    public void Evaluate_JsonInput_ReturnsJsonResult()
    {
        var input = JsonNode.Parse("""{"orders":[{"id":"a","total":10},{"id":"b","total":32.5}]}""");

        var result = JsonataExpression.Parse("{ 'ids': orders.id, 'sum': $sum(orders.total) }").Evaluate(input, out var isDefined);

        Assert.True(isDefined);
        Assert.Equal("""{"ids":["a","b"],"sum":42.5}""", result!.ToJsonString());
    }

    [Fact]
    public void Evaluate_NoMatch_IsUndefined()
    {
        var result = JsonataExpression.Parse("missing.field").Evaluate(JsonNode.Parse("{}"), out var isDefined);

        Assert.False(isDefined);
        Assert.Null(result);
    }

    [Fact]
    public void Evaluate_JsonNull_IsDefined()
    {
        var result = JsonataExpression.Parse("a").Evaluate(JsonNode.Parse("""{"a":null}"""), out var isDefined);

        Assert.True(isDefined);
        Assert.Null(result);
    }

    [Fact]
    public void EvaluateValue_HostFunctionBinding_IsCalledWithValidatedArguments()
    {
        var twice = NativeFunction.Create("twice", "<n:n>", args => (double)args[0]! * 2);
        var bindings = new Dictionary<string, object?> { ["twice"] = twice };

        var result = JsonataExpression.Parse("$twice(21)").EvaluateValue(null, bindings);

        Assert.Equal(42.0, result);
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Parse("$twice('x')").EvaluateValue(null, bindings));
        Assert.Equal("T0410", error.Code);
    }

    [Fact]
    public void EvaluateValue_BindingToUndefined_HidesLibraryFunction()
    {
        var bindings = new Dictionary<string, object?> { ["eval"] = null };

        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Parse("$eval('1+1')").EvaluateValue(null, bindings));

        Assert.Equal("T1006", error.Code);
    }

    [Theory]
    [InlineData("$number('x')", "D3030", "Unable to cast value to a number: \"x\"")]
    [InlineData("1 + 'a'", "T2002", "The right side of the \"+\" operator must evaluate to a number")]
    [InlineData("$substring('a', 'b')", "T0410", "Argument 2 of function \"substring\" does not match function signature")]
    public void EvaluateValue_Error_CarriesReferenceCodeAndMessage(string expression, string code, string message)
    {
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Parse(expression).EvaluateValue(null));

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_SyntaxError_ThrowsWithPosition()
    {
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Parse("a.(b"));

        Assert.Equal("S0203", error.Code);
        Assert.Equal(4, error.Position);
    }
}
