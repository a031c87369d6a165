using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>Reads an execution's history forward, returning only the events not seen yet.</summary>
internal sealed class ExecutionFollower(StepFunctionsClient sfn, string executionArn)
{
    private long _lastId;
    private DateTimeOffset? _start;

    public async Task<IReadOnlyList<TraceEvent>> NextAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<TraceEvent>();
        string? token = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(executionArn, maxResults: 1000, nextToken: token, includeExecutionData: false, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            foreach (var e in page.Events.Where(e => e.Id > _lastId))
            {
                _start ??= e.Timestamp;
                fresh.Add(ToTrace(e, _start.Value));
            }

            token = page.NextToken;
        }
        while (token is not null);

        if (fresh.Count > 0)
        {
            _lastId = fresh.Max(e => e.Id);
        }

        return fresh;
    }

    internal static TraceEvent ToTrace(HistoryEvent e, DateTimeOffset start)
    {
        var state = e.StateEnteredEventDetails?.Name ?? e.StateExitedEventDetails?.Name;
        var failure = e.ExecutionFailedEventDetails ?? e.TaskFailedEventDetails ?? e.LambdaFunctionFailedEventDetails
            ?? e.ExecutionAbortedEventDetails ?? e.ExecutionTimedOutEventDetails;
        string? error = failure?.Error;
        string? cause = failure?.Cause;
        if (failure is null && e.OtherDetails is not null)
        {
            // Failure details of the less common event types (map, parallel, activity) stay untyped.
            foreach (var (name, details) in e.OtherDetails)
            {
                if (name.EndsWith("FailedEventDetails", StringComparison.Ordinal) && details.ValueKind == JsonValueKind.Object)
                {
                    error = details.TryGetProperty("error", out var err) ? err.GetString() : null;
                    cause = details.TryGetProperty("cause", out var c) ? c.GetString() : null;
                }
            }
        }

        return new TraceEvent(e.Id, e.Type, e.Timestamp, Math.Round((e.Timestamp - start).TotalSeconds, 3), state, error, cause);
    }
}
