using System.Text.Json.Nodes;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>
    /// A distributed Map: its iterations are child executions, so the parent history shows only
    /// MapRunStarted and MapRunSucceeded/MapRunFailed around them.
    /// </summary>
    private async Task<JsonNode?> MapRunAsync(
        StateRun run, IQueryLanguage ql, JsonNode? effective, List<MapItem> items, int maxConcurrency, double? toleratedCount, double? toleratedPercentage, CancellationToken ct)
    {
        var state = run.State;
        var lane = run.Frame.Lane;
        var exec = run.Frame.Execution;
        var label = state.String("Label") ?? state.Name;
        lane.Emit("MapRunStarted", new JsonObject { ["mapRunArn"] = $"arn:{Options.Partition}:states:{Options.Region}:{Options.Account}:mapRun:{exec.StateMachineName}/{label}:{Guid.NewGuid()}" });
        run.Started = true;

        var results = new JsonNode?[items.Count];
        var failures = 0;
        StatesException? lastError = null;
        using var gate = new SemaphoreSlim(maxConcurrency > 0 ? maxConcurrency : int.MaxValue);
        var running = new List<Task>();
        for (var i = 0; i < items.Count; i++)
        {
            var index = i;
            var itemInput = ql.MapItemInput(run, effective, items[i]);
            await gate.WaitAsync(ct).ConfigureAwait(false);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        // Each item runs as its own child execution with its own history, not the parent's.
                        var childLane = new Lane(new HistoryLog(() => Options.Clock.UtcNow), 0);
                        var frame = new Frame(exec, childLane, new VariableScope(run.Variables));
                        results[index] = await RunProgramAsync(state.Processor!, itemInput, frame, ct).ConfigureAwait(false);
                    }
                    catch (StatesException e)
                    {
                        Interlocked.Increment(ref failures);
                        lastError = e;
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                ct));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        var exceeded = failures > 0
            && (toleratedCount is null || failures > toleratedCount)
            && (toleratedPercentage is null || failures * 100.0 / Math.Max(1, items.Count) > toleratedPercentage);
        if (exceeded)
        {
            var error = toleratedCount is null && toleratedPercentage is null
                ? lastError!
                : new StatesException(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
            lane.Emit("MapRunFailed", ErrorDetails(error.Error, error.Cause));
            throw error;
        }

        lane.Emit("MapRunSucceeded");
        lane.Emit("MapStateSucceeded", advance: false);
        return new JsonArray([.. results]);
    }
}
