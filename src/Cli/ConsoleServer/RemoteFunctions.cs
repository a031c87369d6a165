using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.WebConsole;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudWatch;
using Sluice.Shared.Aws.Lambda;
using Sluice.Shared.Aws.Logs;

namespace Sluice.Cli.ConsoleServer;

/// <summary>
/// The console's functions page read from any endpoint or AWS with the user's credentials, as an
/// engineer reads them in AWS's own console: the functions from Lambda's ListFunctions; invocations,
/// errors and duration percentiles over the last <see cref="Window"/> from CloudWatch's
/// <c>AWS/Lambda</c> metrics (one GetMetricData call per 100 functions); cold starts and the median
/// init duration from the <c>REPORT</c> lines with an <c>Init Duration</c> in each function's log
/// group (CloudWatch has no cold-start metric); a function's log followed with FilterLogEvents. The
/// page is read again at most every <see cref="Reread"/> (metrics have one-minute resolution), so an
/// open page costs AWS a few calls a minute per function, plus one FilterLogEvents a second while a
/// log is followed.
/// </summary>
internal sealed partial class RemoteFunctions(LambdaClient lambda, CloudWatchClient metrics, LogsClient logs, TimeProvider clock) : IFunctionSource
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan Reread = TimeSpan.FromSeconds(10);

    /// <summary>How far back a log starts when a page begins following it.</summary>
    public static readonly TimeSpan TailWindow = TimeSpan.FromMinutes(5);

    /// <summary>Cold-start REPORT lines read per function and window, at most.</summary>
    public const int MaxColdStarts = 1_000;

    private const int FunctionsPerCall = CloudWatchClient.MaxQueries / 5;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private FunctionsPage? _page;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public async Task<FunctionsPage> FunctionsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_page is not null && clock.GetUtcNow() - _readAt < Reread)
            {
                return _page;
            }

            var functions = new List<FunctionSummary>();
            await foreach (var f in lambda.ListAllFunctionsAsync(cancellationToken).ConfigureAwait(false))
            {
                functions.Add(f);
            }

            functions.Sort((a, b) => string.CompareOrdinal(a.FunctionName, b.FunctionName));
            var now = clock.GetUtcNow();
            // One period covering the window, ending at the next whole minute (CloudWatch's periods start on whole minutes).
            var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
            var start = end - Window;
            var rows = new List<FunctionRow>();
            var period = (int)Window.TotalSeconds;
            foreach (var batch in functions.Chunk(FunctionsPerCall))
            {
                var queries = new List<MetricStatQuery>();
                for (var i = 0; i < batch.Length; i++)
                {
                    var dimensions = new Dictionary<string, string> { ["FunctionName"] = batch[i].FunctionName };
                    queries.Add(new($"i{i}", "AWS/Lambda", "Invocations", dimensions, period, "Sum"));
                    queries.Add(new($"e{i}", "AWS/Lambda", "Errors", dimensions, period, "Sum"));
                    queries.Add(new($"a{i}", "AWS/Lambda", "Duration", dimensions, period, "p50"));
                    queries.Add(new($"b{i}", "AWS/Lambda", "Duration", dimensions, period, "p90"));
                    queries.Add(new($"c{i}", "AWS/Lambda", "Duration", dimensions, period, "p99"));
                }

                var values = await metrics.GetMetricDataAsync(queries, start, end, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    var f = batch[i];
                    var (coldStarts, initP50) = await ColdStartsAsync(f.LogGroup, start, cancellationToken).ConfigureAwait(false);
                    rows.Add(new FunctionRow(
                        f.FunctionName, f.FunctionArn, f.Runtime, f.MemorySize, f.Timeout, f.LogGroup,
                        (long)Sum(values, $"i{i}"), coldStarts, (long)Sum(values, $"e{i}"), null,
                        Newest(values, $"a{i}"), Newest(values, $"b{i}"), Newest(values, $"c{i}"), initP50, null));
                }
            }

            _page = new FunctionsPage(rows, Window, "Lambda, CloudWatch metrics and Logs");
            _readAt = clock.GetUtcNow();
            return _page;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<(FunctionLogPage? Log, (int Status, string Code, string Message)? Error)> LogAsync(string name, long? after, CancellationToken cancellationToken)
    {
        var function = (await FunctionsAsync(cancellationToken).ConfigureAwait(false)).Functions.FirstOrDefault(f => f.Name == name);
        if (function is null)
        {
            return (null, (404, "ResourceNotFoundException", $"Function not found: {name}"));
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // A line's cursor is its millisecond times 1,000 plus its place among the lines of that millisecond.
        var (fromMs, seenAtFrom) = after is { } a ? (a / 1000, (int)(a % 1000)) : ((long)(now - TailWindow.TotalMilliseconds), -1);
        var lines = new List<LogLine>();
        var more = false;
        var limit = after is null ? int.MaxValue : FunctionsView.MaxLines;
        try
        {
            long lastMs = -1;
            var place = 0;
            await foreach (var e in logs.FilterAllLogEventsAsync(function.LogGroup, fromMs, null, cancellationToken).ConfigureAwait(false))
            {
                place = e.Timestamp == lastMs ? place + 1 : 0;
                lastMs = e.Timestamp;
                if (e.Timestamp < fromMs || (e.Timestamp == fromMs && place <= seenAtFrom) || place > 999)
                {
                    continue;
                }

                if (lines.Count == limit)
                {
                    more = true;
                    break;
                }

                lines.Add(new LogLine(e.Timestamp * 1000 + place, DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp), RequestId(e.Message), e.Message.TrimEnd('\n')));
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            // The function has not logged yet: no group.
        }

        if (after is null && lines.Count > FunctionsView.TailLines)
        {
            lines.RemoveRange(0, lines.Count - FunctionsView.TailLines);
        }

        // Nothing new: everything before this millisecond has been seen (a line of this millisecond may still come).
        var last = lines.Count > 0 ? lines[^1].Sequence : after ?? ((now - 1) * 1000 + 999);
        return (new FunctionLogPage(function.Name, function.LogGroup, last, more, lines), null);
    }

    private async Task<(long Count, double? InitP50)> ColdStartsAsync(string logGroup, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var inits = new List<double>();
        try
        {
            await foreach (var e in logs.FilterAllLogEventsAsync(logGroup, start.ToUnixTimeMilliseconds(), "\"REPORT RequestId\" \"Init Duration\"", cancellationToken).ConfigureAwait(false))
            {
                if (InitDuration().Match(e.Message) is { Success: true } m)
                {
                    inits.Add(double.Parse(m.Groups[1].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture));
                }

                if (inits.Count == MaxColdStarts)
                {
                    break;
                }
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            // Never invoked: no log group yet.
        }

        inits.Sort();
        return (inits.Count, FunctionsView.Percentile(inits, 0.50));
    }

    private static double Sum(IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> values, string id) =>
        values.TryGetValue(id, out var list) ? list.Sum(v => v.Value) : 0;

    private static double? Newest(IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> values, string id) =>
        values.TryGetValue(id, out var list) && list.Count > 0 ? list.MaxBy(v => v.Timestamp).Value : null;

    private static string? RequestId(string message) =>
        LineRequestId().Match(message) is { Success: true } m ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) : null;

    [GeneratedRegex(@"\tInit Duration: ([0-9]+(?:\.[0-9]+)?) ms")]
    private static partial Regex InitDuration();

    // START/END/REPORT lines name it; a runtime's own lines usually carry it in their second tab-separated field.
    [GeneratedRegex(@"^(?:(?:START|END|REPORT) RequestId: ([0-9a-f-]{36})|[^\t]*\t([0-9a-f-]{36})\t)")]
    private static partial Regex LineRequestId();
}
