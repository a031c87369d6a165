using System.Text.Json;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// The console's functions page: each function of the local Lambda with its invocation, cold start
/// and error counts (<see cref="InvocationTotals"/>, since it was created), the duration percentiles
/// of the invocations it still records (the newest 10,000), and the tail of its log.
/// </summary>
internal static class FunctionsView
{
    /// <summary>The log lines a page gets when it starts following a function's log.</summary>
    public const int TailLines = 200;

    /// <summary>The most lines one answer carries; a page behind by more reads again.</summary>
    public const int MaxLines = 2_000;

    public static void WriteFunctions(Utf8JsonWriter writer, LambdaService? lambda)
    {
        writer.WriteStartArray("functions");
        foreach (var function in lambda?.Functions() ?? [])
        {
            var definition = function.Definition;
            var records = function.Records();
            var totals = function.Totals;
            writer.WriteStartObject();
            writer.WriteString("name", definition.FunctionName);
            writer.WriteString("arn", definition.FunctionArn);
            writer.WriteString("runtime", definition.Runtime);
            writer.WriteNumber("memorySize", definition.MemorySizeMb);
            writer.WriteNumber("timeout", definition.TimeoutSeconds);
            writer.WriteString("logGroup", definition.LogGroupName);
            writer.WriteNumber("invocations", totals.Invocations);
            writer.WriteNumber("coldStarts", totals.ColdStarts);
            writer.WriteNumber("errors", totals.Errors);
            writer.WriteNumber("recorded", records.Count);
            var durations = records.Where(r => r.ErrorType is null || r.DurationMs > 0).Select(r => r.DurationMs).Order().ToList();
            WritePercentile(writer, "p50", durations, 0.50);
            WritePercentile(writer, "p90", durations, 0.90);
            WritePercentile(writer, "p99", durations, 0.99);
            var inits = records.Where(r => r.ColdStart && r.InitDurationMs > 0).Select(r => r.InitDurationMs).Order().ToList();
            WritePercentile(writer, "initP50", inits, 0.50);
            if (records.Count > 0)
            {
                writer.WriteNumber("lastInvoked", records[^1].Started.ToUnixTimeMilliseconds());
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The function's log lines after <paramref name="after"/> (a sequence number a previous answer
    /// gave), or its last <see cref="TailLines"/> lines when <paramref name="after"/> is null.
    /// </summary>
    public static void WriteLog(Utf8JsonWriter writer, LambdaFunction function, long? after)
    {
        var lines = function.Log.Read(after ?? 0);
        var skip = after is null ? Math.Max(0, lines.Count - TailLines) : 0;
        var taken = lines.Skip(skip).Take(MaxLines).ToList();
        writer.WriteString("function", function.Definition.FunctionName);
        writer.WriteString("logGroup", function.Definition.LogGroupName);
        writer.WriteNumber("last", taken.Count > 0 ? taken[^1].Sequence : after ?? (lines.Count > 0 ? lines[^1].Sequence : 0));
        writer.WriteBoolean("more", skip + taken.Count < lines.Count);
        writer.WriteStartArray("lines");
        foreach (var line in taken)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", line.Sequence);
            writer.WriteNumber("time", line.Time.ToUnixTimeMilliseconds());
            if (line.RequestId is not null)
            {
                writer.WriteString("requestId", line.RequestId);
            }

            writer.WriteString("text", line.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Nearest-rank percentile of sorted values, in milliseconds rounded to 0.01; null when there are none.</summary>
    private static void WritePercentile(Utf8JsonWriter writer, string name, List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            writer.WriteNull(name);
            return;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        writer.WriteNumber(name, Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 2));
    }
}
