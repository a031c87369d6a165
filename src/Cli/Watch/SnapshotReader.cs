using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>Builds a <see cref="WatchSnapshot"/>: ListExecutions (pages, newest first), then what the newest say about their orders.</summary>
internal sealed class SnapshotReader(StepFunctionsClient sfn, string stateMachineArn, TimeProvider clock)
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    private readonly ExecutionInspector _inspector = new(sfn);

    public async Task<WatchSnapshot> ReadAsync(int recent, int maxExecutions, CancellationToken cancellationToken)
    {
        var executions = new List<ExecutionListItem>();
        var truncated = false;
        await foreach (var page in sfn.ListExecutionsPagesAsync(stateMachineArn, pageSize: Math.Min(1000, maxExecutions), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            executions.AddRange(page.Executions);
            if (executions.Count >= maxExecutions && page.NextToken is not null)
            {
                truncated = true;
                break;
            }
        }

        // Read after the listing, so no execution it returned started after "now".
        var now = clock.GetUtcNow();
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in executions)
        {
            byStatus[e.Status] = byStatus.GetValueOrDefault(e.Status) + 1;
        }

        var completed = executions.Count(e => e.StopDate is { } stop && now - stop <= s_minute);
        var summaries = new List<ExecutionSummary>();
        foreach (var e in executions.OrderByDescending(e => e.StartDate).Take(recent))
        {
            summaries.Add(await _inspector.SummaryAsync(e, now, cancellationToken).ConfigureAwait(false));
        }

        return new WatchSnapshot
        {
            StateMachineArn = stateMachineArn,
            TakenAt = now,
            Total = executions.Count,
            Truncated = truncated,
            ByStatus = byStatus,
            ByOutcome = Outcomes(summaries),
            StartedLastMinute = executions.Count(e => now - e.StartDate <= s_minute),
            CompletedLastMinute = completed,
            Throughput = Math.Round(completed / s_minute.TotalSeconds, 2),
            Recent = summaries,
        };
    }

    private static SortedDictionary<string, int> Outcomes(IEnumerable<ExecutionSummary> summaries)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in summaries)
        {
            var key = s.Outcome ?? "running";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
