using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>Runs a Task, Parallel or Map body with its Retry and Catch rules, then shapes its output.</summary>
    private async Task<(JsonNode? Output, string? Next, IReadOnlyList<KeyValuePair<string, JsonNode?>>? Assigned)> GuardedAsync(
        StateRun run, IQueryLanguage ql, JsonNode? input, Func<CancellationToken, Task<JsonNode?>> body, string? failedEvent, CancellationToken ct)
    {
        var state = run.State;
        var attempts = new int[state.Retry.Count];
        if (run.Frame.Probe is { RetrierRetryCount: > 0 and var made })
        {
            // TestState's stateConfiguration.retrierRetryCount: the retries already made.
            Array.Fill(attempts, made);
            run.RetryCount = made;
        }
        while (true)
        {
            try
            {
                run.Started = false;
                var result = await body(ct).ConfigureAwait(false);
                run.Frame.Probe?.Record("result", result);
                var subject = ql.AssignSubject(run, input, result, applyResultSelector: true);
                var assigned = state.Field("Assign") is { } assign ? ql.Assign(run, assign, subject) : null;
                return (ql.StateOutput(run, input, result, applyResultSelector: true), state.End ? null : state.Next, assigned);
            }
            catch (StatesException e) when (!ct.IsCancellationRequested)
            {
                var retrier = FindRetrier(state.Retry, e.Error);
                if (retrier >= 0 && attempts[retrier] < state.Retry[retrier].MaxAttempts && run.Frame.Probe is { } probe)
                {
                    // TestState does not retry: it reports which retrier would and after what delay.
                    probe.Inspection["errorDetails"] = new JsonObject
                    {
                        ["retryIndex"] = retrier,
                        ["retryBackoffIntervalSeconds"] = (int)RetryDelay(state.Retry[retrier], attempts[retrier]).TotalSeconds,
                    };
                    throw new RetriableException(e);
                }

                if (retrier >= 0 && attempts[retrier] < state.Retry[retrier].MaxAttempts)
                {
                    var delay = RetryDelay(state.Retry[retrier], attempts[retrier]);
                    attempts[retrier]++;
                    run.RetryCount++;
                    await Options.Clock.DelayAsync(delay, ct).ConfigureAwait(false);
                    continue;
                }

                // A JSONata Map that cannot read its items fails the state before it starts, as recorded.
                if (failedEvent is not null && (run.Started || (state.Type == "Map" && state.QueryLanguage == QueryLanguageKind.Jsonata && e.Error == StatesErrors.QueryEvaluationError)))
                {
                    run.Frame.Lane.Emit(failedEvent);
                }

                var catcher = state.Catch.FirstOrDefault(c => Matches(c.ErrorEquals, e.Error));
                if (catcher is null)
                {
                    throw;
                }

                if (run.Frame.Probe is { } caught)
                {
                    caught.Inspection["errorDetails"] = new JsonObject { ["catchIndex"] = state.Catch.ToList().IndexOf(catcher) };
                    caught.Caught = e;
                }

                // Nulls stay null (a worker's SendTaskFailure without error or cause); timeouts carry "".
                var errorOutput = new JsonObject { ["Error"] = e.Error, ["Cause"] = e.Cause };
                run.ErrorOutput = errorOutput;
                var assigned = catcher.Raw["Assign"] is { } catchAssign ? ql.Assign(run, catchAssign, errorOutput) : null;
                return (ql.CatchOutput(run, input, errorOutput, catcher), catcher.Next, assigned);
            }
        }
    }

    private static int FindRetrier(IReadOnlyList<RetrierDefinition> retriers, string? error)
    {
        for (var i = 0; i < retriers.Count; i++)
        {
            if (Matches(retriers[i].ErrorEquals, error))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// AWS's matching: a name matches itself; States.ALL matches everything but States.Runtime
    /// (the recordings show it catching States.DataLimitExceeded); States.TaskFailed matches
    /// everything but States.Timeout and States.Runtime.
    /// </summary>
    internal static bool Matches(IReadOnlyList<string> errorEquals, string? error)
    {
        foreach (var name in errorEquals)
        {
            if (name == error)
            {
                return true;
            }

            var terminal = error is StatesErrors.Runtime;
            if (name == StatesErrors.All && !terminal)
            {
                return true;
            }

            if (name == StatesErrors.TaskFailed && !terminal && error != StatesErrors.Timeout)
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan RetryDelay(RetrierDefinition retrier, int attempt)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, attempt);
        if (retrier.MaxDelaySeconds is { } max)
        {
            seconds = Math.Min(seconds, max);
        }

        if (retrier.FullJitter)
        {
            seconds = Random.Shared.NextDouble() * seconds;
        }

        return TimeSpan.FromSeconds(Math.Min(seconds, 99999999));
    }
}
