using System.Text;
using System.Text.Json;
using Sluice.Shared;
using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;
using Sluice.Shared.Runtime;

namespace Sluice.TestSupport;

/// <summary>A logger and metrics recorder writing to memory, and the lines they wrote, parsed.</summary>
public sealed class CapturedOutput
{
    private readonly MemoryStream _stream = new();

    public CapturedOutput(TimeProvider clock, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new DictionaryEnvironment(environment ?? new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "test", ["POWERTOOLS_LOG_LEVEL"] = "DEBUG" });
        var sink = new JsonLineSink(_stream);
        Function = new FunctionSettings("test-function", "$LATEST", 256, "/aws/lambda/test-function");
        Logger = LambdaLogger.FromEnvironment(env, Function, sink, clock);
        Metrics = MetricsRecorder.FromEnvironment(env, Logger.Service, sink, clock);
    }

    public FunctionSettings Function { get; }

    public LambdaLogger Logger { get; }

    public MetricsRecorder Metrics { get; }

    public IReadOnlyList<string> RawLines =>
        Encoding.UTF8.GetString(_stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<JsonElement> Lines => [.. RawLines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>The log lines (not EMF lines).</summary>
    public IReadOnlyList<JsonElement> Logs => [.. Lines.Where(l => !l.TryGetProperty("_aws", out _))];

    /// <summary>Every metric value flushed so far, summed by name.</summary>
    public IReadOnlyDictionary<string, double> MetricTotals
    {
        get
        {
            var totals = new Dictionary<string, double>();
            foreach (var line in Lines.Where(l => l.TryGetProperty("_aws", out _)))
            {
                foreach (var metric in line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
                {
                    var name = metric.GetProperty("Name").GetString()!;
                    totals[name] = totals.GetValueOrDefault(name) + line.GetProperty(name).GetDouble();
                }
            }

            return totals;
        }
    }

    public LambdaContext Context(TimeProvider clock, TimeSpan remaining, string requestId = "req-1") =>
        new(requestId, clock.GetUtcNow() + remaining, "arn:aws:lambda:us-east-1:000000000000:function:test-function", "Root=1-5e1b4151-5ac6c58f3d8a8a3b0e1c2d3e;Parent=1;Sampled=1", Function, clock);
}

public static class CapturedOutputExtensions
{
    /// <summary>Flushes the recorder (as the runtime loop does after each invocation) and sums what was written.</summary>
    public static IReadOnlyDictionary<string, double> MetricTotalsAfterFlush(this CapturedOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Metrics.Flush();
        return output.MetricTotals;
    }
}
