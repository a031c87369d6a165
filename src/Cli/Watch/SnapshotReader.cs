using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>Builds a <see cref="WatchSnapshot"/>: ListExecutions (paged), then details for the recent failures.</summary>
internal static class SnapshotReader
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static async Task<WatchSnapshot> ReadAsync(StepFunctionsClient sfn, string stateMachineArn, int recent, int maxExecutions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var executions = new List<ExecutionListItem>();
        string? token = null;
        var truncated = false;
        do
        {
            var page = await sfn.ListExecutionsAsync(stateMachineArn, maxResults: Math.Min(1000, maxExecutions), nextToken: token, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            executions.AddRange(page.Executions);
            token = page.NextToken;
            if (executions.Count >= maxExecutions && token is not null)
            {
                truncated = true;
                break;
            }
        }
        while (token is not null);

        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in executions)
        {
            byStatus[e.Status] = byStatus.GetValueOrDefault(e.Status) + 1;
        }

        var completed = executions.Count(e => e.StopDate is { } stop && now - stop <= Minute);
        var summaries = new List<ExecutionSummary>();
        foreach (var e in executions.OrderByDescending(e => e.StartDate).Take(recent))
        {
            summaries.Add(await SummaryAsync(sfn, e, now, cancellationToken).ConfigureAwait(false));
        }

        return new WatchSnapshot
        {
            StateMachineArn = stateMachineArn,
            TakenAt = now,
            Total = executions.Count,
            Truncated = truncated,
            ByStatus = byStatus,
            StartedLastMinute = executions.Count(e => now - e.StartDate <= Minute),
            CompletedLastMinute = completed,
            Throughput = Math.Round(completed / Minute.TotalSeconds, 2),
            Recent = summaries,
        };
    }

    private static async Task<ExecutionSummary> SummaryAsync(StepFunctionsClient sfn, ExecutionListItem e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var duration = Math.Round(((e.StopDate ?? now) - e.StartDate).TotalSeconds, 3);
        if (e.Status is "RUNNING" or "SUCCEEDED" or "PENDING_REDRIVE")
        {
            return new ExecutionSummary(e.Name, e.ExecutionArn, e.Status, e.StartDate, e.StopDate, duration, null, null, null);
        }

        var described = await sfn.DescribeExecutionAsync(e.ExecutionArn, cancellationToken).ConfigureAwait(false);
        var state = await FailedStateAsync(sfn, e.ExecutionArn, cancellationToken).ConfigureAwait(false);
        return new ExecutionSummary(e.Name, e.ExecutionArn, e.Status, e.StartDate, e.StopDate, duration, state, described.Error, described.Cause);
    }

    /// <summary>The last state entered: read newest first, so one short page is enough.</summary>
    internal static async Task<string?> FailedStateAsync(StepFunctionsClient sfn, string executionArn, CancellationToken cancellationToken)
    {
        string? token = null;
        for (var pages = 0; pages < 5; pages++)
        {
            var history = await sfn.GetExecutionHistoryAsync(executionArn, maxResults: 100, nextToken: token, reverseOrder: true, includeExecutionData: false, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (history.Events.FirstOrDefault(h => h.StateEnteredEventDetails?.Name is not null) is { } entered)
            {
                return entered.StateEnteredEventDetails!.Name;
            }

            token = history.NextToken;
            if (token is null)
            {
                break;
            }
        }

        return null;
    }
}
