using System.Text.Json;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// The console's functions page as JSON: each function with its invocation, cold start and error
/// counts and its duration percentiles (<see cref="FunctionsPage"/>), and a function's log lines
/// (<see cref="FunctionLogPage"/>), whichever <see cref="IFunctionSource"/> read them.
/// </summary>
internal static class FunctionsView
{
    /// <summary>The log lines a page gets when it starts following a function's log.</summary>
    public const int TailLines = 200;

    /// <summary>The most lines one answer carries; a page behind by more reads again.</summary>
    public const int MaxLines = 2_000;

    public static void WriteFunctions(Utf8JsonWriter writer, FunctionsPage page)
    {
        writer.WriteString("source", page.Source);
        if (page.Window is { } window)
        {
            writer.WriteNumber("windowSeconds", (long)window.TotalSeconds);
        }

        writer.WriteStartArray("functions");
        foreach (var f in page.Functions)
        {
            writer.WriteStartObject();
            writer.WriteString("name", f.Name);
            writer.WriteString("arn", f.Arn);
            ConsoleSite.WriteOptional(writer, "runtime", f.Runtime);
            ConsoleSite.WriteOptional(writer, "memorySize", f.MemorySize);
            ConsoleSite.WriteOptional(writer, "timeout", f.Timeout);
            writer.WriteString("logGroup", f.LogGroup);
            writer.WriteNumber("invocations", f.Invocations);
            writer.WriteNumber("coldStarts", f.ColdStarts);
            writer.WriteNumber("errors", f.Errors);
            ConsoleSite.WriteOptional(writer, "recorded", f.Recorded);
            Milliseconds(writer, "p50", f.P50);
            Milliseconds(writer, "p90", f.P90);
            Milliseconds(writer, "p99", f.P99);
            Milliseconds(writer, "initP50", f.InitP50);
            if (f.LastInvoked is { } last)
            {
                writer.WriteNumber("lastInvoked", last.ToUnixTimeMilliseconds());
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteLog(Utf8JsonWriter writer, FunctionLogPage log)
    {
        writer.WriteString("function", log.Function);
        writer.WriteString("logGroup", log.LogGroup);
        writer.WriteNumber("last", log.Last);
        writer.WriteBoolean("more", log.More);
        writer.WriteStartArray("lines");
        foreach (var line in log.Lines)
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

    /// <summary>Nearest-rank percentile of sorted values, in milliseconds; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static void Milliseconds(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } ms)
        {
            writer.WriteNumber(name, Math.Round(ms, 2));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
