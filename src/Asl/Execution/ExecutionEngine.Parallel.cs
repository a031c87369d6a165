using System.Text.Json.Nodes;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    private async Task<JsonNode?> ParallelAsync(StateRun run, IQueryLanguage ql, JsonNode? input, CancellationToken ct)
    {
        var effective = ql.EffectiveInput(run, input, applyParameters: true);
        var lane = run.Frame.Lane;
        var started = lane.Emit("ParallelStateStarted");
        run.Started = true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var branches = run.State.Branches;
        var lanes = new Lane[branches.Count];
        var tasks = new Task<JsonNode?>[branches.Count];
        StatesException? failure = null;
        Lane? failedLane = null;
        for (var i = 0; i < branches.Count; i++)
        {
            lanes[i] = new Lane(lane.Log, started);
            var frame = new Frame(run.Frame.Execution, lanes[i], new VariableScope(run.Variables), parallelBranch: true);
            tasks[i] = RunProgramAsync(branches[i], effective?.DeepClone(), frame, cts.Token);
        }

        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.Exception?.InnerException is StatesException e && failure is null)
            {
                failure = e;
                failedLane = lanes[Array.IndexOf(tasks, done)];
                await cts.CancelAsync().ConfigureAwait(false);
            }
        }

        ct.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            lane.Last = failedLane!.Last;
            throw failure;
        }

        foreach (var t in tasks)
        {
            if (t.IsFaulted && t.Exception!.InnerException is { } inner)
            {
                throw inner;
            }
        }

        lane.Last = lane.Log.LastId;
        lane.Emit("ParallelStateSucceeded", advance: false);
        return new JsonArray([.. tasks.Select(t => t.Result)]);
    }
}
