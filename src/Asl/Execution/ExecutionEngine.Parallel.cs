using System.Text.Json.Nodes;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    private async Task<JsonNode?> ParallelAsync(StateRun run, IQueryLanguage ql, JsonNode? input, CancellationToken ct)
    {
        var effective = ql.EffectiveInput(run, input, applyParameters: true);
        if (run.Frame.Probe?.Mock is { } mock)
        {
            // TestState with a mock: the branches do not run; the mock is their results.
            return mock.Outcome();
        }

        var lane = run.Frame.Lane;
        var started = lane.Emit("ParallelStateStarted");
        run.Started = true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var branches = run.State.Branches;
        var lanes = new Lane[branches.Count];
        var tasks = new Task<JsonNode?>[branches.Count];
        StatesException? failure = null;
        Lane? failedLane = null;
        var replay = run.TakeReplay();
        var checkpoints = run.Frame.Execution.Checkpoints;
        for (var i = 0; i < branches.Count; i++)
        {
            lanes[i] = new Lane(lane.Log, started);
            var path = Checkpoints.Child(run.Frame.Path, run.State.Name, i);
            if (replay && checkpoints.TrySucceeded(path, out var kept))
            {
                // A redrive does not rerun a branch that succeeded.
                tasks[i] = Task.FromResult(kept);
                continue;
            }

            if (!replay)
            {
                checkpoints.Forget(path);
            }

            var frame = new Frame(run.Frame.Execution, lanes[i], checkpoints.Scope(path, run.Variables, replay), parallelBranch: true, path);
            tasks[i] = Branch(branches[i], effective?.DeepClone(), frame, replay, cts.Token);
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

    private async Task<JsonNode?> Branch(Definition.StateMachineDefinition branch, JsonNode? input, Frame frame, bool resume, CancellationToken ct)
    {
        var output = await RunProgramAsync(branch, input, frame, ct, resume).ConfigureAwait(false);
        frame.Execution.Checkpoints.Succeeded(frame.Path, output);
        return output;
    }
}
