using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Metrics;

namespace Sluice.Shared.Tests.Metrics;

public sealed class MetricsRecorderTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);

    [Fact]
    public void Flush_WritesOneEmfLineWithSummedValues()
    {
        var output = new CapturedOutput(_clock);
        output.Metrics.BeginInvocation("req-1");

        output.Metrics.Add("RecordsReceived", MetricUnit.Count, 2);
        output.Metrics.Add("RecordsReceived", MetricUnit.Count, 3);
        output.Metrics.Add("PublishLatency", MetricUnit.Milliseconds, 12.5);
        output.Metrics.Flush();

        var line = Assert.Single(output.Lines);
        var aws = line.GetProperty("_aws");
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("Sluice", directive.GetProperty("Namespace").GetString());
        Assert.Equal("service", directive.GetProperty("Dimensions")[0][0].GetString());
        Assert.Equal(["RecordsReceived:Count", "PublishLatency:Milliseconds"], directive.GetProperty("Metrics").EnumerateArray().Select(m => $"{m.GetProperty("Name").GetString()}:{m.GetProperty("Unit").GetString()}"));
        Assert.Equal("test", line.GetProperty("service").GetString());
        Assert.Equal(5, line.GetProperty("RecordsReceived").GetDouble());
        Assert.Equal(12.5, line.GetProperty("PublishLatency").GetDouble());
        Assert.Equal("req-1", line.GetProperty("function_request_id").GetString());
    }

    [Fact]
    public void Flush_NothingRecorded_WritesNothing_AndSecondFlushStartsEmpty()
    {
        var output = new CapturedOutput(_clock);

        output.Metrics.Flush();
        output.Metrics.Add("X", MetricUnit.Count, 1);
        output.Metrics.Flush();
        output.Metrics.Flush();

        Assert.Single(output.Lines);
    }

    [Fact]
    public void Namespace_ComesFromPowertoolsVariable()
    {
        var output = new CapturedOutput(_clock, new Dictionary<string, string?> { ["POWERTOOLS_METRICS_NAMESPACE"] = "Custom" });

        Assert.Equal("Custom", output.Metrics.Namespace);
    }
}
