using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.Cli.Watch;

/// <summary>
/// Reads what an execution says about its order: DescribeExecution for the order id (the input
/// event) and, once it ended, the outcome (a failure a Catch left in the output means rejected);
/// the history, newest pages read in full, for where an error arose and which state caught it.
/// A finished execution never changes, so its summary is kept and read once.
/// </summary>
internal sealed class ExecutionInspector(StepFunctionsClient sfn)
{
    private readonly Dictionary<string, ExecutionSummary> _finished = new(StringComparer.Ordinal);

    public async Task<ExecutionSummary> SummaryAsync(ExecutionListItem e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_finished.TryGetValue(e.ExecutionArn, out var known))
        {
            return known;
        }

        var described = await sfn.DescribeExecutionAsync(e.ExecutionArn, cancellationToken).ConfigureAwait(false);
        var (outcome, error, cause) = ExecutionData.Outcome(described);
        var summary = new ExecutionSummary(e.Name, e.ExecutionArn, described.Status, described.StartDate, described.StopDate,
            Duration(described.StartDate, described.StopDate, now))
        {
            OrderId = ExecutionData.OrderId(described.Input),
            Outcome = outcome,
            Error = error,
            Cause = cause,
        };
        if (outcome is null)
        {
            return summary;
        }

        if (outcome != "confirmed")
        {
            summary = await WithStepsAsync(summary, cancellationToken).ConfigureAwait(false);
        }

        _finished[e.ExecutionArn] = summary;
        return summary;
    }

    /// <summary>Seconds from start to stop (to now while running), never negative: the clocks of the caller and the service differ.</summary>
    internal static double Duration(DateTimeOffset start, DateTimeOffset? stop, DateTimeOffset now) =>
        Math.Round(Math.Max(0, ((stop ?? now) - start).TotalSeconds), 3);

    private async Task<ExecutionSummary> WithStepsAsync(ExecutionSummary summary, CancellationToken cancellationToken)
    {
        var history = new List<HistoryEvent>();
        await foreach (var page in sfn.GetExecutionHistoryPagesAsync(summary.ExecutionArn, includeExecutionData: false, pageSize: 1000, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            history.AddRange(page.Events);
        }

        var (failedState, catchingState, cause) = ExecutionSteps.Build(history, executionEnded: true, (summary.Error, summary.Cause))
            .Failure(summary.Outcome, summary.Error, summary.Cause);
        return summary with { FailedState = failedState, CatchingState = catchingState, Cause = cause };
    }
}
