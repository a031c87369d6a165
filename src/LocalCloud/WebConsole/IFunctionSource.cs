using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// Where the console's functions page reads: the local Lambda in process (<see cref="LocalFunctions"/>),
/// or any endpoint or AWS through signed calls (<c>sluice console</c>: Lambda, CloudWatch metrics and
/// CloudWatch Logs).
/// </summary>
internal interface IFunctionSource
{
    Task<FunctionsPage> FunctionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The function's log lines after <paramref name="after"/> (the <see cref="FunctionLogPage.Last"/>
    /// of a previous answer), or its newest <see cref="FunctionsView.TailLines"/> lines when null;
    /// an error (status, code, message) when there is no such function.
    /// </summary>
    Task<(FunctionLogPage? Log, (int Status, string Code, string Message)? Error)> LogAsync(string name, long? after, CancellationToken cancellationToken);
}

/// <summary>
/// One function's row. Counts are since the function was created, or over <see cref="FunctionsPage.Window"/>
/// when the page has one; <see cref="Recorded"/> is how many invocations the percentiles were taken from, when known.
/// </summary>
internal sealed record FunctionRow(
    string Name,
    string Arn,
    string? Runtime,
    int? MemorySize,
    int? Timeout,
    string LogGroup,
    long Invocations,
    long ColdStarts,
    long Errors,
    int? Recorded,
    double? P50,
    double? P90,
    double? P99,
    double? InitP50,
    DateTimeOffset? LastInvoked);

/// <summary>The functions page: its rows, the window its counts cover (null: since each function was created) and where they come from.</summary>
internal sealed record FunctionsPage(IReadOnlyList<FunctionRow> Functions, TimeSpan? Window, string Source);

/// <summary>
/// Log lines of one function, oldest first; <see cref="Last"/> is the cursor to ask after next time,
/// <see cref="More"/> says lines are waiting beyond this answer's <see cref="FunctionsView.MaxLines"/>.
/// </summary>
internal sealed record FunctionLogPage(string Function, string LogGroup, long Last, bool More, IReadOnlyList<LogLine> Lines);

/// <summary>The local Lambda's functions: counts since creation, percentiles of the invocations each still records, its own log.</summary>
internal sealed class LocalFunctions(Lambda.LambdaService lambda) : IFunctionSource
{
    public Task<FunctionsPage> FunctionsAsync(CancellationToken cancellationToken)
    {
        var rows = new List<FunctionRow>();
        foreach (var function in lambda.Functions())
        {
            var definition = function.Definition;
            var records = function.Records();
            var totals = function.Totals;
            var durations = records.Where(r => r.ErrorType is null || r.DurationMs > 0).Select(r => r.DurationMs).Order().ToList();
            var inits = records.Where(r => r.ColdStart && r.InitDurationMs > 0).Select(r => r.InitDurationMs).Order().ToList();
            rows.Add(new FunctionRow(
                definition.FunctionName, definition.FunctionArn, definition.Runtime, definition.MemorySizeMb, definition.TimeoutSeconds, definition.LogGroupName,
                totals.Invocations, totals.ColdStarts, totals.Errors, records.Count,
                FunctionsView.Percentile(durations, 0.50), FunctionsView.Percentile(durations, 0.90), FunctionsView.Percentile(durations, 0.99), FunctionsView.Percentile(inits, 0.50),
                records.Count > 0 ? records[^1].Started : null));
        }

        return Task.FromResult(new FunctionsPage(rows, null, "local Lambda"));
    }

    public Task<(FunctionLogPage? Log, (int Status, string Code, string Message)? Error)> LogAsync(string name, long? after, CancellationToken cancellationToken)
    {
        LambdaFunction function;
        try
        {
            function = lambda.Function(name);
        }
        catch (Protocol.AwsServiceException e)
        {
            return Task.FromResult<(FunctionLogPage?, (int, string, string)?)>((null, (e.Status, e.Code, e.Message)));
        }

        var lines = function.Log.Read(after ?? 0);
        var skip = after is null ? Math.Max(0, lines.Count - FunctionsView.TailLines) : 0;
        var taken = lines.Skip(skip).Take(FunctionsView.MaxLines).ToList();
        var last = taken.Count > 0 ? taken[^1].Sequence : after ?? (lines.Count > 0 ? lines[^1].Sequence : 0);
        var page = new FunctionLogPage(function.Definition.FunctionName, function.Definition.LogGroupName, last, skip + taken.Count < lines.Count, taken);
        return Task.FromResult<(FunctionLogPage?, (int, string, string)?)>((page, null));
    }
}
