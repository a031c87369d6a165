using System.Text.Json.Nodes;
using Sluice.Asl.Intrinsics;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Tests.Intrinsics;

public sealed class IntrinsicFunctionsTests
{
    private static JsonNode? Evaluate(string expression, string input = "{}")
    {
        var root = JsonNode.Parse(input);
        return IntrinsicFunctions.Evaluate(IntrinsicParser.Parse(expression), path =>
        {
            var matches = JsonPathExpression.Parse(path).Select(root);
            return matches.Count > 0 ? matches[0] : throw new StatesException(StatesErrors.Runtime, $"{path} not found");
        });
    }

    [Theory]
    [InlineData("States.Format('Hello {}, you are {}', $.name, $.age)", """{"name":"Ann","age":7}""", "\"Hello Ann, you are 7\"")]
    [InlineData("States.Format('{} {} {}', $.n, $.b, $.s)", """{"n":null,"b":true,"s":"x"}""", "\"null true x\"")]
    [InlineData("States.Format('obj={}', $.o)", """{"o":{"a":1,"b":[1,"x"]}}""", "\"obj={a=1, b=[1, x]}\"")]
    [InlineData("States.Format('\\{literal\\} {}', 'x')", "{}", "\"{literal} x\"")]
    [InlineData("States.Format('it\\'s {}', 1.5)", "{}", "\"it's 1.5\"")]
    [InlineData("States.StringToJson($.s)", """{"s":"{\"a\":[1,2]}"}""", """{"a":[1,2]}""")]
    [InlineData("States.StringToJson(' ')", "{}", "null")]
    [InlineData("States.JsonToString($.o)", """{"o":{"a":"b"}}""", "\"{\\\"a\\\":\\\"b\\\"}\"")]
    [InlineData("States.Array(1, 'two', $.x, null)", """{"x":[3]}""", """[1,"two",[3],null]""")]
    [InlineData("States.Array()", "{}", "[]")]
    [InlineData("States.ArrayPartition($.a, 2)", """{"a":[1,2,3,4,5]}""", "[[1,2],[3,4],[5]]")]
    [InlineData("States.ArrayContains($.a, $.v)", """{"a":[1,{"k":2}],"v":{"k":2}}""", "true")]
    [InlineData("States.ArrayContains($.a, 3)", """{"a":[1,2]}""", "false")]
    [InlineData("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]")]
    [InlineData("States.ArrayRange(10, 0, -5)", "{}", "[10,5,0]")]
    [InlineData("States.ArrayGetItem($.a, 1)", """{"a":["x","y"]}""", "\"y\"")]
    [InlineData("States.ArrayLength($.a)", """{"a":[1,2,3]}""", "3")]
    [InlineData("States.ArrayUnique($.a)", """{"a":[1,1,"x","x",{"a":1},{"a":1},null,null]}""", """[1,"x",{"a":1},null]""")]
    [InlineData("States.Base64Encode('Data to encode')", "{}", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "{}", "\"Data to encode\"")]
    [InlineData("States.Hash('input data', 'SHA-1')", "{}", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.Hash('input data', 'MD5')", "{}", "\"812f45842bc6d66ee14572ce20db8e86\"")]
    [InlineData("States.JsonMerge($.a, $.b, false)", """{"a":{"x":1,"y":{"p":1}},"b":{"y":{"q":2},"z":3}}""", """{"x":1,"y":{"q":2},"z":3}""")]
    [InlineData("States.MathAdd(111, -1)", "{}", "110")]
    [InlineData("States.MathAdd($.a, $.b)", """{"a":1.5,"b":-1.5}""", "1")]
    [InlineData("States.StringSplit('a,b;;c', ',;')", "{}", """["a","b","c"]""")]
    [InlineData("States.ArrayGetItem(States.StringSplit('a-b-c', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('a-b-c', '-')), -1))", "{}", "\"c\"")]
    public void Evaluate_ValidArguments_ReturnsAwsResult(string expression, string input, string expected)
    {
        var result = Evaluate(expression, input);
        Assert.True(JsonEquality.Equal(JsonNode.Parse(expected), result), $"{expression} gave {JsonValues.ToJson(result)}");
    }

    [Fact]
    public void Evaluate_Uuid_ReturnsVersion4Uuid()
    {
        var first = Evaluate("States.UUID()")!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first);
        Assert.NotEqual(first, Evaluate("States.UUID()")!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_MathRandomWithSeed_IsRepeatableAndInRange()
    {
        var a = Evaluate("States.MathRandom(1, 999, 7)")!.GetValue<long>();
        var b = Evaluate("States.MathRandom(1, 999, 7)")!.GetValue<long>();
        Assert.Equal(a, b);
        Assert.InRange(a, 1, 998);
        Assert.InRange(Evaluate("States.MathRandom(5, 6)")!.GetValue<long>(), 5, 5);
    }

    [Theory]
    [InlineData("States.Format('{} {}', 'only one')", "States.Format")]
    [InlineData("States.Format($.n, 1)", "States.Format")]
    [InlineData("States.StringToJson('{not json')", "States.StringToJson")]
    [InlineData("States.StringToJson(1)", "States.StringToJson")]
    [InlineData("States.JsonToString()", "States.JsonToString")]
    [InlineData("States.ArrayPartition($.a, 0)", "States.ArrayPartition")]
    [InlineData("States.ArrayPartition('x', 1)", "States.ArrayPartition")]
    [InlineData("States.ArrayContains($.a)", "States.ArrayContains")]
    [InlineData("States.ArrayRange(0, 10, 0)", "States.ArrayRange")]
    [InlineData("States.ArrayRange(0, 1000, 1)", "States.ArrayRange")]
    [InlineData("States.ArrayRange(0, 1.5, 1)", "States.ArrayRange")]
    [InlineData("States.ArrayGetItem($.a, 5)", "States.ArrayGetItem")]
    [InlineData("States.ArrayGetItem($.a, -1)", "States.ArrayGetItem")]
    [InlineData("States.ArrayLength('x')", "States.ArrayLength")]
    [InlineData("States.ArrayUnique(1)", "States.ArrayUnique")]
    [InlineData("States.Base64Encode(1)", "States.Base64Encode")]
    [InlineData("States.Base64Decode('%%%')", "States.Base64Decode")]
    [InlineData("States.Hash('x', 'SHA-3')", "States.Hash")]
    [InlineData("States.Hash(null, 'MD5')", "States.Hash")]
    [InlineData("States.JsonMerge($.a, $.a, true)", "States.JsonMerge")]
    [InlineData("States.JsonMerge($.a, 1, false)", "States.JsonMerge")]
    [InlineData("States.MathRandom(10, 1)", "States.MathRandom")]
    [InlineData("States.MathAdd(1, 'x')", "States.MathAdd")]
    [InlineData("States.MathAdd(3000000000, 1)", "States.MathAdd")]
    [InlineData("States.StringSplit($.a, ',')", "States.StringSplit")]
    [InlineData("States.UUID(1)", "States.UUID")]
    public void Evaluate_BadArguments_RaisesIntrinsicFailure(string expression, string function)
    {
        var e = Assert.Throws<StatesException>(() => Evaluate(expression, """{"a":[1,2],"n":null}"""));
        Assert.Equal(StatesErrors.IntrinsicFailure, e.Error);
        Assert.StartsWith($"Invalid arguments in {function}", e.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("States.Nope(1)")]
    [InlineData("States.Format('unterminated)")]
    [InlineData("States.Array(1,")]
    [InlineData("States.Format('bad \\n escape')")]
    public void Parse_MalformedCall_Throws(string expression) =>
        Assert.Throws<FormatException>(() => IntrinsicParser.Parse(expression));
}
