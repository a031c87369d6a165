using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Tests.Logs;

/// <summary>FilterLogEvents' pattern language: what matches, and patterns refused with a clear error.</summary>
public sealed class FilterPatternTests
{
    [Theory]
    [InlineData("", "anything", true)]
    [InlineData("ERROR", "an ERROR here", true)]
    [InlineData("ERROR", "an error here", false)]
    [InlineData("ERROR timeout", "ERROR: timeout", true)]
    [InlineData("ERROR timeout", "ERROR: refused", false)]
    [InlineData("ERROR -timeout", "ERROR: timeout", false)]
    [InlineData("?WARN ?ERROR", "WARN disk", true)]
    [InlineData("?WARN ?ERROR", "INFO disk", false)]
    [InlineData("\"order 7\"", "the order 7 shipped", true)]
    [InlineData("{ $.level = \"ERROR\" }", """{"level":"ERROR"}""", true)]
    [InlineData("{ $.level = \"ERR*\" }", """{"level":"ERROR"}""", true)]
    [InlineData("{ $.level != \"ERROR\" }", """{"level":"INFO"}""", true)]
    [InlineData("{ $.latency >= 100 }", """{"latency":100}""", true)]
    [InlineData("{ $.latency < 100 }", """{"latency":100}""", false)]
    [InlineData("{ $.items[1].id = 7 }", """{"items":[{"id":1},{"id":7}]}""", true)]
    [InlineData("{ $.ok IS TRUE }", """{"ok":true}""", true)]
    [InlineData("{ $.ok IS FALSE }", """{"ok":true}""", false)]
    [InlineData("{ $.gone NOT EXISTS }", """{"ok":true}""", true)]
    [InlineData("{ ($.a = 1 || $.b = 2) && $.c = 3 }", """{"b":2,"c":3}""", true)]
    [InlineData("{ ($.a = 1 || $.b = 2) && $.c = 3 }", """{"b":2,"c":4}""", false)]
    [InlineData("{ $.level = \"ERROR\" }", "not json at all", false)]
    [InlineData("{ $.level = \"ERROR\" }", """2026-12-03T10:00:00Z abc {"level":"ERROR"}""", true)]
    public void Matches_Pattern_AsCloudWatchLogsDoes(string pattern, string message, bool expected) =>
        Assert.Equal(expected, FilterPattern.Parse(pattern).Matches(message));

    [Theory]
    [InlineData("{ $.level = }", "expected a value")]
    [InlineData("{ $.level = \"ERROR\"", "expected '}'")]
    [InlineData("{ level = 1 }", "selector starting with $")]
    [InlineData("{ $.name > \"x\" }", "compares numbers only")]
    [InlineData("?WARN ERROR", "cannot be combined")]
    [InlineData("\"unclosed", "not closed")]
    [InlineData("[ip, user]", "space-delimited")]
    public void Parse_BadPattern_InvalidParameterWithTheReason(string pattern, string reason)
    {
        var error = Assert.Throws<AwsServiceException>(() => FilterPattern.Parse(pattern));

        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
