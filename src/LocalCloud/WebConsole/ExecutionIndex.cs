using System.Collections.Concurrent;
using System.Text;
using Sluice.Asl.Api;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// The console's list of executions: every state machine's executions, newest first, filtered and
/// paged here so the page receives one page however many are stored. What an execution says about
/// its order is read as <c>sluice watch</c> reads it (<see cref="ExecutionData"/>, <see cref="ExecutionSteps"/>)
/// and kept: the order id once per execution, the outcome and failed state once per close.
/// </summary>
internal sealed class ExecutionIndex(Func<IReadOnlyList<ExecutionSnapshot>> executions, Func<long> version, StepFunctionsCall call) : IExecutionSource
{
    /// <summary>The host's own Step Functions, read in process.</summary>
    public ExecutionIndex(StepFunctionsService service)
        : this(service.Executions, () => service.Version, async (action, request, cancellationToken) =>
        {
            var answer = await service.HandleAsync(action, Encoding.UTF8.GetBytes(request), cancellationToken).ConfigureAwait(false);
            return (answer.StatusCode, answer.Body);
        })
    {
    }

    public const int MaxLimit = 500;

    private readonly ConcurrentDictionary<string, string?> _orderIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Ending> _endings = new(StringComparer.Ordinal);

    /// <summary>How an execution ended, for the stop it ended with (a redrive makes a new one).</summary>
    private sealed record Ending(DateTimeOffset? StopDate, string? Outcome, string? Error, string? Cause)
    {
        public (string? FailedState, string? CatchingState, string? Cause)? Steps { get; set; }
    }

    /// <param name="From">Started at or after this time, when given.</param>
    /// <param name="To">Started before this time, when given.</param>
    public sealed record Query(string? Status, string? Outcome, string? Text, int Offset, int Limit, DateTimeOffset? From = null, DateTimeOffset? To = null);

    public sealed record Row(ExecutionSnapshot Execution, string? OrderId, string? Outcome, string? Error, string? Cause, string? FailedState, string? CatchingState);

    public sealed record Page(long Cursor, int Total, int Matched, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<Row> Rows);

    public long Cursor => version();

    public Task<long> CursorAsync(CancellationToken cancellationToken) => Task.FromResult(version());

    public Task<(int Status, string Body)> CallAsync(string action, string request, CancellationToken cancellationToken) => call(action, request, cancellationToken);

    public async Task<Page> PageAsync(Query query, CancellationToken cancellationToken)
    {
        var cursor = version();
        var all = executions();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var matched = new List<(ExecutionSnapshot Execution, Ending Ending)>();
        // Newest first, as the AWS console lists them.
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var e = all[i];
            counts[e.Status] = counts.GetValueOrDefault(e.Status) + 1;
            if ((query.Status is { } status && e.Status != status) || e.StartDate < query.From || e.StartDate >= query.To)
            {
                continue;
            }

            var ending = EndingOf(e);
            if (query.Outcome is { } outcome && (ending.Outcome ?? "running") != outcome)
            {
                continue;
            }

            if (query.Text is { Length: > 0 } text
                && !e.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                && !(OrderIdOf(e)?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            matched.Add((e, ending));
        }

        var rows = new List<Row>();
        foreach (var (e, _) in matched.Skip(query.Offset).Take(query.Limit))
        {
            rows.Add(await RowAsync(e, cancellationToken).ConfigureAwait(false));
        }

        return new Page(cursor, all.Count, matched.Count, counts, rows);
    }

    /// <summary>The executions of this name, of any state machine, as list rows (the failed or catching state included).</summary>
    public async Task<IReadOnlyList<Row>> NamedAsync(string name, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        foreach (var e in executions().Where(e => e.Name == name))
        {
            rows.Add(await RowAsync(e, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>One execution as a list row: its order id and outcome, and for one not confirmed, the failed or catching state from its history.</summary>
    public async Task<Row> RowAsync(ExecutionSnapshot e, CancellationToken cancellationToken)
    {
        var ending = EndingOf(e);
        var steps = ending.Outcome is null or "confirmed" ? null : await StepsAsync(e, ending, cancellationToken).ConfigureAwait(false);
        return new Row(e, OrderIdOf(e), ending.Outcome, ending.Error, steps?.Cause ?? ending.Cause, steps?.FailedState, steps?.CatchingState);
    }

    private string? OrderIdOf(ExecutionSnapshot e) => _orderIds.GetOrAdd(e.ExecutionArn, static (_, input) => ExecutionData.OrderId(input), e.InputText);

    private Ending EndingOf(ExecutionSnapshot e)
    {
        if (_endings.TryGetValue(e.ExecutionArn, out var known) && known.StopDate == e.StopDate)
        {
            return known;
        }

        var (outcome, error, cause) = ExecutionData.Outcome(e.Status, e.OutputText, e.Error, e.Cause);
        var ending = new Ending(e.StopDate, outcome, error, cause);
        if (outcome is not null)
        {
            _endings[e.ExecutionArn] = ending;
        }

        return ending;
    }

    /// <summary>Where the error arose and which state caught it, from the history (read once; null when the history is no longer held).</summary>
    private async Task<(string? FailedState, string? CatchingState, string? Cause)?> StepsAsync(ExecutionSnapshot e, Ending ending, CancellationToken cancellationToken)
    {
        if (ending.Steps is { } known)
        {
            return known;
        }

        var history = await HistoryAsync(e.ExecutionArn, includeData: false, cancellationToken).ConfigureAwait(false);
        if (history is null)
        {
            return null;
        }

        var steps = ExecutionSteps.Build(history, executionEnded: true, (ending.Error, ending.Cause));
        var found = steps.Failure(ending.Outcome, ending.Error, ending.Cause);
        ending.Steps = found;
        return found;
    }

    /// <summary>An execution's whole history through GetExecutionHistory, read as the client reads it; null when it is not held.</summary>
    public async Task<List<HistoryEvent>?> HistoryAsync(string executionArn, bool includeData, CancellationToken cancellationToken)
    {
        var pages = await this.HistoryPagesAsync(executionArn, includeData, cancellationToken).ConfigureAwait(false);
        return pages?.SelectMany(p => GetExecutionHistoryResult.Parse(p).Events).ToList();
    }
}
