using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Logging;

namespace Sluice.Shared.Tests.Logging;

public sealed class LambdaLoggerTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);

    [Fact]
    public void Information_WritesOneJsonLineWithPowertoolsKeys()
    {
        var output = new CapturedOutput(_clock);
        output.Logger.BeginInvocation(output.Context(_clock, TimeSpan.FromSeconds(3), "req-7"), isColdStart: true);

        output.Logger.Information("Published {count} events to {topic}", ("count", 3), ("topic", "orders"));

        var line = Assert.Single(output.Logs);
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal("Published 3 events to orders", line.GetProperty("message").GetString());
        Assert.Equal("2026-11-26T12:00:00.000Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("test", line.GetProperty("service").GetString());
        Assert.True(line.GetProperty("cold_start").GetBoolean());
        Assert.Equal("test-function", line.GetProperty("function_name").GetString());
        Assert.Equal(256, line.GetProperty("function_memory_size").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:test-function", line.GetProperty("function_arn").GetString());
        Assert.Equal("req-7", line.GetProperty("function_request_id").GetString());
        Assert.Equal("1-5e1b4151-5ac6c58f3d8a8a3b0e1c2d3e", line.GetProperty("xray_trace_id").GetString());
        Assert.Equal(3, line.GetProperty("count").GetDouble());
        Assert.Equal("orders", line.GetProperty("topic").GetString());
    }

    [Fact]
    public void Error_WithException_AddsExceptionObject()
    {
        var output = new CapturedOutput(_clock);

        output.Logger.Error(new InvalidOperationException("bad"), "Failed");

        var exception = Assert.Single(output.Logs).GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("bad", exception.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("WARN", null, false, true)]
    [InlineData("DEBUG", null, true, true)]
    [InlineData(null, null, false, true)]
    [InlineData("DEBUG", "ERROR", false, false)]
    [InlineData("Information", "DEBUG", false, true)]
    public void Level_HonoursPowertoolsAndLambdaLevels(string? powertools, string? lambda, bool debugWritten, bool warningWritten)
    {
        var output = new CapturedOutput(_clock, new Dictionary<string, string?> { ["POWERTOOLS_LOG_LEVEL"] = powertools, ["AWS_LAMBDA_LOG_LEVEL"] = lambda });

        output.Logger.Debug("debug line");
        output.Logger.Warning("warning line");

        Assert.Equal(debugWritten, output.Logs.Any(l => l.GetProperty("message").GetString() == "debug line"));
        Assert.Equal(warningWritten, output.Logs.Any(l => l.GetProperty("message").GetString() == "warning line"));
    }

    [Fact]
    public void ServiceName_FallsBackToFunctionName()
    {
        var output = new CapturedOutput(_clock, new Dictionary<string, string?>());

        Assert.Equal("test-function", output.Logger.Service);
    }

    [Theory]
    [InlineData("no fields", "no fields")]
    [InlineData("{a} and {b}", "1 and two")]
    [InlineData("{missing} stays", "{missing} stays")]
    [InlineData("unclosed {a", "unclosed {a")]
    public void Render_FillsTemplateFromFields(string template, string expected)
    {
        Assert.Equal(expected, LambdaLogger.Render(template, [("a", 1), ("b", "two")]));
    }
}
