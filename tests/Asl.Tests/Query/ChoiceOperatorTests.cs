using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Query;

public sealed class ChoiceOperatorTests
{
    private static async Task<ExecutionResult> ChooseAsync(string rule, string input)
    {
        var choice = JsonNode.Parse(rule)!.AsObject();
        choice["Next"] = "Matched";
        var definition = new JsonObject
        {
            ["StartAt"] = "C",
            ["States"] = new JsonObject
            {
                ["C"] = new JsonObject { ["Type"] = "Choice", ["Choices"] = new JsonArray(choice), ["Default"] = "Unmatched" },
                ["Matched"] = new JsonObject { ["Type"] = "Pass", ["Result"] = "matched", ["End"] = true },
                ["Unmatched"] = new JsonObject { ["Type"] = "Pass", ["Result"] = "unmatched", ["End"] = true },
            },
        };
        return await new AslTestHost().RunAsync(definition.ToJsonString(), input);
    }

    [Theory]
    [InlineData("""{"Variable":"$.s","StringEquals":"abc"}""", """{"s":"abc"}""", true)]
    [InlineData("""{"Variable":"$.s","StringEquals":"abc"}""", """{"s":1}""", false)]
    [InlineData("""{"Variable":"$.s","StringEqualsPath":"$.t"}""", """{"s":"x","t":"x"}""", true)]
    [InlineData("""{"Variable":"$.s","StringLessThan":"b"}""", """{"s":"a"}""", true)]
    [InlineData("""{"Variable":"$.s","StringLessThanPath":"$.t"}""", """{"s":"b","t":"a"}""", false)]
    [InlineData("""{"Variable":"$.s","StringGreaterThan":"a"}""", """{"s":"b"}""", true)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanPath":"$.t"}""", """{"s":"b","t":"c"}""", false)]
    [InlineData("""{"Variable":"$.s","StringLessThanEquals":"a"}""", """{"s":"a"}""", true)]
    [InlineData("""{"Variable":"$.s","StringLessThanEqualsPath":"$.t"}""", """{"s":"a","t":"a"}""", true)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanEquals":"b"}""", """{"s":"a"}""", false)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanEqualsPath":"$.t"}""", """{"s":"b","t":"b"}""", true)]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-*.txt"}""", """{"s":"log-2024.txt"}""", true)]
    [InlineData("""{"Variable":"$.s","StringMatches":"a\\*b"}""", """{"s":"a*b"}""", true)]
    [InlineData("""{"Variable":"$.s","StringMatches":"a\\*b"}""", """{"s":"axxb"}""", false)]
    [InlineData("""{"Variable":"$.n","NumericEquals":1}""", """{"n":1.0}""", true)]
    [InlineData("""{"Variable":"$.n","NumericEqualsPath":"$.m"}""", """{"n":2,"m":3}""", false)]
    [InlineData("""{"Variable":"$.n","NumericLessThan":1}""", """{"n":0.5}""", true)]
    [InlineData("""{"Variable":"$.n","NumericLessThanPath":"$.m"}""", """{"n":2,"m":1}""", false)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThan":1}""", """{"n":2}""", true)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanPath":"$.m"}""", """{"n":2,"m":2}""", false)]
    [InlineData("""{"Variable":"$.n","NumericLessThanEquals":2}""", """{"n":2}""", true)]
    [InlineData("""{"Variable":"$.n","NumericLessThanEqualsPath":"$.m"}""", """{"n":3,"m":2}""", false)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanEquals":2}""", """{"n":2}""", true)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanEqualsPath":"$.m"}""", """{"n":1,"m":2}""", false)]
    [InlineData("""{"Variable":"$.n","NumericEquals":1}""", """{"n":"1"}""", false)]
    [InlineData("""{"Variable":"$.b","BooleanEquals":true}""", """{"b":true}""", true)]
    [InlineData("""{"Variable":"$.b","BooleanEqualsPath":"$.c"}""", """{"b":true,"c":false}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-01T00:00:00Z"}""", """{"t":"2024-01-01T01:00:00+01:00"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampEqualsPath":"$.u"}""", """{"t":"2024-01-01T00:00:00Z","u":"2024-01-02T00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampLessThan":"2024-01-02T00:00:00Z"}""", """{"t":"2024-01-01T00:00:00Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanPath":"$.u"}""", """{"t":"2024-01-03T00:00:00Z","u":"2024-01-02T00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThan":"2024-01-01T00:00:00Z"}""", """{"t":"2024-01-01T00:00:01Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanPath":"$.u"}""", """{"t":"2024-01-01T00:00:00Z","u":"2024-01-01T00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanEquals":"2024-01-01T00:00:00Z"}""", """{"t":"2024-01-01T00:00:00Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanEqualsPath":"$.u"}""", """{"t":"2024-01-02T00:00:00Z","u":"2024-01-01T00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEquals":"2024-01-01T00:00:00Z"}""", """{"t":"2024-01-01T00:00:00Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEqualsPath":"$.u"}""", """{"t":"2023-01-01T00:00:00Z","u":"2024-01-01T00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-01T00:00:00Z"}""", """{"t":"2024-01-01 00:00:00Z"}""", false)]
    [InlineData("""{"Variable":"$.x","IsNull":true}""", """{"x":null}""", true)]
    [InlineData("""{"Variable":"$.x","IsNull":false}""", """{"x":null}""", false)]
    [InlineData("""{"Variable":"$.x","IsPresent":true}""", """{"x":1}""", true)]
    [InlineData("""{"Variable":"$.y","IsPresent":false}""", """{"x":1}""", true)]
    [InlineData("""{"Variable":"$.x","IsNumeric":true}""", """{"x":1.5}""", true)]
    [InlineData("""{"Variable":"$.x","IsNumeric":true}""", """{"x":"1"}""", false)]
    [InlineData("""{"Variable":"$.x","IsString":true}""", """{"x":"1"}""", true)]
    [InlineData("""{"Variable":"$.x","IsBoolean":true}""", """{"x":false}""", true)]
    [InlineData("""{"Variable":"$.x","IsBoolean":false}""", """{"x":"false"}""", true)]
    [InlineData("""{"Variable":"$.x","IsTimestamp":true}""", """{"x":"2016-03-14T01:59:00.123456789Z"}""", true)]
    [InlineData("""{"Variable":"$.x","IsTimestamp":true}""", """{"x":"2016-03-14"}""", false)]
    [InlineData("""{"And":[{"Variable":"$.a","NumericEquals":1},{"Variable":"$.b","StringEquals":"x"}]}""", """{"a":1,"b":"x"}""", true)]
    [InlineData("""{"And":[{"Variable":"$.a","NumericEquals":1},{"Variable":"$.b","StringEquals":"y"}]}""", """{"a":1,"b":"x"}""", false)]
    [InlineData("""{"Or":[{"Variable":"$.a","NumericEquals":2},{"Variable":"$.b","StringEquals":"x"}]}""", """{"a":1,"b":"x"}""", true)]
    [InlineData("""{"Not":{"Variable":"$.a","NumericEquals":1}}""", """{"a":1}""", false)]
    public async Task Choice_Operator_MatchesAsAwsDoes(string rule, string input, bool matches)
    {
        var result = await ChooseAsync(rule, input);
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(matches ? "matched" : "unmatched", result.Output!.GetValue<string>());
    }

    [Fact]
    public async Task Choice_VariableMissing_FailsWithStatesRuntime()
    {
        var result = await ChooseAsync("""{"Variable":"$.missing","StringEquals":"x"}""", "{}");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.Runtime, result.Error);
        Assert.Contains("Invalid path '$.missing'", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choice_NothingMatchesWithoutDefault_FailsWithNoChoiceMatched()
    {
        var definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":1,"Next":"E"}]},
             "E":{"Type":"Succeed"}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """{"a":2}""");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.NoChoiceMatched, result.Error);
    }
}
