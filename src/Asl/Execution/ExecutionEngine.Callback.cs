using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>
    /// The .waitForTaskToken pattern: the call went out (TaskSubmitted); now wait for a worker's
    /// SendTaskSuccess or SendTaskFailure, failing with States.Timeout when TimeoutSeconds or HeartbeatSeconds runs out.
    /// </summary>
    private async Task<JsonNode?> AwaitTokenAsync(StateRun run, TaskResource resource, JsonNode? submittedOutput, string token, int? timeout, int? heartbeat, CancellationToken ct)
    {
        var lane = run.Frame.Lane;
        var submitted = ResourceDetails(resource);
        submitted["output"] = JsonValues.ToJson(submittedOutput);
        submitted["outputDetails"] = Truncated();
        lane.Emit("TaskSubmitted", submitted);
        var waiter = Tokens.Find(token) ?? throw new InvalidOperationException("The task token was issued by this engine and cannot be missing.");
        TaskOutcome outcome;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var deadline = timeout is { } t ? Options.Clock.DelayAsync(TimeSpan.FromSeconds(t), cts.Token) : Task.Delay(Timeout.Infinite, cts.Token);
            while (true)
            {
                var beat = waiter.NextBeat;
                var silence = heartbeat is { } h ? Options.Clock.DelayAsync(TimeSpan.FromSeconds(h), cts.Token) : Task.Delay(Timeout.Infinite, cts.Token);
                var winner = await Task.WhenAny(waiter.Outcome.Task, deadline, silence, beat).ConfigureAwait(false);
                if (winner == waiter.Outcome.Task)
                {
                    outcome = await waiter.Outcome.Task.ConfigureAwait(false);
                    await cts.CancelAsync().ConfigureAwait(false);
                    break;
                }

                if (winner == beat)
                {
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                // The recordings name a missed heartbeat States.Timeout too.
                await cts.CancelAsync().ConfigureAwait(false);
                lane.Emit("TaskTimedOut", Failure(resource, StatesErrors.Timeout, null));
                throw new StatesException(StatesErrors.Timeout, string.Empty);
            }
        }
        finally
        {
            Tokens.Forget(token);
        }

        if (outcome.Failed)
        {
            lane.Emit("TaskFailed", Failure(resource, outcome.Error, outcome.Cause));
            throw new StatesException(outcome.Error, outcome.Cause);
        }

        var succeeded = ResourceDetails(resource);
        succeeded["output"] = JsonValues.ToJson(outcome.Output);
        succeeded["outputDetails"] = Truncated();
        lane.Emit("TaskSucceeded", succeeded);
        return outcome.Output;
    }
}
