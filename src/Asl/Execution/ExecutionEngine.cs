using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

/// <summary>Runs executions: walks the states, writes the history, applies Retry and Catch.</summary>
internal sealed partial class ExecutionEngine(AslEngineOptions options, TaskTokens tokens, MapRuns mapRuns)
{
    private AslEngineOptions Options { get; } = options;

    private TaskTokens Tokens { get; } = tokens;

    private MapRuns MapRuns { get; } = mapRuns;

    /// <param name="restarted">
    /// True when the host restarted while the execution was running: it goes on from its last kept
    /// position like a redrive, with no event to mark it (AWS never restarts an execution).
    /// </param>
    public async Task RunAsync(ExecutionRecord exec, bool restarted = false)
    {
        var log = exec.History;
        // Killed before its first event was kept: it starts again from the beginning.
        restarted &= log.LastId > 0;
        var redrive = restarted || exec.RedriveCount > 0;
        var first = restarted
            ? log.LastId
            : redrive
            ? log.Add("ExecutionRedriven", log.LastId, new JsonObject { ["redriveCount"] = exec.RedriveCount })
            : log.Add("ExecutionStarted", 0, new JsonObject
            {
                ["input"] = exec.InputText,
                ["inputDetails"] = Truncated(),
                ["roleArn"] = exec.RoleArn,
            });
        var lane = new Lane(log, redrive ? first : 0);
        var frame = new Frame(exec, lane, exec.Checkpoints.Scope(string.Empty, null, redrive));
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(exec.Cancellation.Token);
        // A full history stops every branch at once (CancelAsync: never inside the log's caller).
        log.OnLimit(() => _ = runCancellation.CancelAsync());
        var timedOut = false;
        try
        {
            // A redrive continues from the states that did not succeed; its timeout counts from now.
            var run = RunProgramAsync(exec.Definition, exec.Input?.DeepClone(), frame, runCancellation.Token, resume: redrive);
            if (exec.Definition.TimeoutSeconds is { } seconds)
            {
                var timer = Options.Clock.DelayAsync(TimeSpan.FromSeconds(seconds), runCancellation.Token);
                if (await Task.WhenAny(run, timer).ConfigureAwait(false) == timer && !run.IsCompleted)
                {
                    timedOut = true;
                    await runCancellation.CancelAsync().ConfigureAwait(false);
                }
            }

            var output = await run.ConfigureAwait(false);
            var text = JsonValues.ToJson(output);
            lane.Emit("ExecutionSucceeded", new JsonObject { ["output"] = text, ["outputDetails"] = Truncated() });
            exec.Checkpoints.Clear();
            Complete(exec, "SUCCEEDED", text, null, null);
        }
        catch (Exception) when (log.LimitReached)
        {
            // AWS's hard quota: event 25,000 is the ExecutionFailed that ends the execution.
            lane.Emit("ExecutionFailed", ErrorDetails(StatesErrors.Runtime, HistoryLog.LimitCause));
            Complete(exec, "FAILED", null, StatesErrors.Runtime, HistoryLog.LimitCause);
        }
        catch (OperationCanceledException) when (timedOut)
        {
            lane.Emit("ExecutionTimedOut", new JsonObject { ["error"] = StatesErrors.Timeout });
            Complete(exec, "TIMED_OUT", null, StatesErrors.Timeout, null);
        }
        catch (OperationCanceledException) when (exec.StopRequest is { } stop)
        {
            lane.Emit("ExecutionAborted", ErrorDetails(stop.Error, stop.Cause));
            Complete(exec, "ABORTED", null, stop.Error, stop.Cause);
        }
        catch (StatesException e)
        {
            lane.Emit("ExecutionFailed", ErrorDetails(e.Error, e.Cause));
            Complete(exec, "FAILED", null, e.Error, e.Cause);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect or an input the engine cannot handle must end the execution, never the host.
            lane.Emit("ExecutionFailed", ErrorDetails(StatesErrors.Runtime, e.Message));
            Complete(exec, "FAILED", null, StatesErrors.Runtime, e.Message);
        }
        finally
        {
            // Whatever happened (even a cancellation nobody asked for), waiters must not hang.
            if (!exec.Completion.Task.IsCompleted)
            {
                Complete(exec, "ABORTED", null, null, null);
            }
        }
    }

    private void Complete(ExecutionRecord exec, string status, string? output, string? error, string? cause)
    {
        exec.OutputText = output;
        exec.Error = error;
        exec.Cause = cause;
        exec.StopDate = Options.Clock.UtcNow;
        exec.Status = status;
        exec.OnClosed?.Invoke(exec);
        exec.Completion.TrySetResult();
    }

    /// <summary>AWS's 256 KiB limit on any state's input, output or task result.</summary>
    internal const int PayloadLimitBytes = 262144;

    internal static StatesException DataLimit(string task) =>
        new(StatesErrors.DataLimitExceeded, $"The state/task '{task}' returned a result with a size exceeding the maximum number of bytes service limit.");

    internal static JsonObject Truncated() => new() { ["truncated"] = false };

    internal static JsonObject ErrorDetails(string? error, string? cause)
    {
        var details = new JsonObject();
        if (error is not null)
        {
            details["error"] = error;
        }

        // AWS leaves out an empty cause (a timeout's) from the event details.
        if (!string.IsNullOrEmpty(cause))
        {
            details["cause"] = cause;
        }

        return details;
    }

    /// <param name="resume">
    /// True when redriving: the program starts at the state it last entered (with that state's input)
    /// if an earlier run left one, and that state reruns only what did not succeed.
    /// </param>
    private async Task<JsonNode?> RunProgramAsync(StateMachineDefinition program, JsonNode? input, Frame frame, CancellationToken ct, bool resume = false)
    {
        var checkpoints = frame.Execution.Checkpoints;
        var name = program.StartAt;
        var replay = false;
        if (resume && checkpoints.TryResume(frame.Path, out var resumeAt, out var resumeInput))
        {
            (name, input, replay) = (resumeAt, resumeInput, true);
        }

        var position = checkpoints.Track(frame.Path);
        string? inputText = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var state = program.States[name];
            position.Entered(name, input);
            var (output, next, outputText) = await RunStateAsync(state, input, frame, ct, replay, inputText).ConfigureAwait(false);
            replay = false;
            if (next is null)
            {
                return output;
            }

            // A state's output is the next state's input: its text, written for the exited event, is reused.
            (input, inputText) = (output, outputText);
            name = next;
        }
    }

    private static IQueryLanguage Language(StateDefinition state) => state.QueryLanguage == QueryLanguageKind.JsonPath
        ? JsonPathLanguage.Instance
        : JsonataLanguage.Instance;

    /// <param name="inputText">The input as JSON text when the caller has it (the previous state's output text).</param>
    private async ValueTask<(JsonNode? Output, string? Next, string OutputText)> RunStateAsync(StateDefinition state, JsonNode? input, Frame frame, CancellationToken ct, bool replay = false, string? inputText = null)
    {
        var before = frame.Lane.Last;
        var enteredTime = Options.Clock.UtcNow;
        var entered = frame.Lane.EmitEntered(state, inputText ??= JsonValues.ToJson(input), enteredTime);
        frame.Execution.Checkpoints.Entered(frame.Path, state.Name, entered);
        try
        {
            return await RunEnteredStateAsync(state, input, inputText, frame, (before, entered, enteredTime), ct, replay).ConfigureAwait(false);
        }
        catch (StatesException) when (frame.ParallelBranch && state.Type == "Task")
        {
            // As recorded: the failed Task is reported aborted (linked to its failure, not advancing the branch) before ParallelStateFailed.
            frame.Lane.Emit("TaskStateAborted", advance: false);
            throw;
        }
        catch (OperationCanceledException) when (!frame.Execution.Cancellation.IsCancellationRequested && state.Type is "Task" or "Wait" or "Map" or "Parallel")
        {
            // A sibling Map iteration or Parallel branch failed: AWS records the interrupted state as aborted.
            frame.Lane.Emit(state.Type + "StateAborted");
            throw;
        }
    }

    private async ValueTask<(JsonNode? Output, string? Next, string OutputText)> RunEnteredStateAsync(StateDefinition state, JsonNode? input, string inputText, Frame frame, (long Before, long Id, DateTimeOffset Time) entered, CancellationToken ct, bool replay)
    {
        var run = new StateRun(state, frame, entered.Id, entered.Time) { Replay = replay, RawInput = input, EnteredPreviousEventId = entered.Before };
        var ql = Language(state);
        var next = state.End ? null : state.Next;
        JsonNode? output;
        IReadOnlyList<KeyValuePair<string, JsonNode?>>? assigned = null;
        switch (state.Type)
        {
            case "Pass":
                (output, assigned) = Pass(run, ql, input);
                break;
            case "Succeed":
                output = ql.StateOutput(run, input, ql.EffectiveInput(run, input, applyParameters: false), applyResultSelector: false);
                next = null;
                break;
            case "Fail":
                throw Fail(run, ql, input);
            case "Choice":
                (output, next, assigned) = Choice(run, ql, input);
                break;
            case "Wait":
                (output, assigned) = await WaitAsync(run, ql, input, ct).ConfigureAwait(false);
                break;
            case "Task":
                (output, next, assigned) = await GuardedAsync(run, ql, input, c => TaskAsync(run, ql, input, c), null, ct).ConfigureAwait(false);
                break;
            case "Parallel":
                (output, next, assigned) = await GuardedAsync(run, ql, input, c => ParallelAsync(run, ql, input, c), "ParallelStateFailed", ct).ConfigureAwait(false);
                break;
            case "Map":
                (output, next, assigned) = await GuardedAsync(run, ql, input, c => MapAsync(run, ql, input, c), "MapStateFailed", ct).ConfigureAwait(false);
                break;
            default:
                throw run.Runtime($"Unsupported state type {state.Type}.");
        }

        // An output equal to the input (a pass-through state) shares the input's text in the history.
        var outputText = JsonValues.ToJson(output, out var outputBytes, same: inputText);
        if (outputBytes > PayloadLimitBytes)
        {
            throw DataLimit(state.Name);
        }

        if (assigned is null || assigned.Count == 0)
        {
            frame.Lane.EmitExited(state, outputText);
            return (output, next, outputText);
        }

        var exited = new JsonObject { ["name"] = state.Name, ["output"] = outputText, ["outputDetails"] = Truncated() };
        var variables = new JsonObject();
        foreach (var (key, value) in assigned)
        {
            variables[key] = JsonValues.ToJson(value);
            frame.Variables.Set(key, value);
        }

        frame.Execution.Checkpoints.Assigned(frame.Path, frame.Variables);

        exited["assignedVariables"] = variables;
        exited["assignedVariablesDetails"] = Truncated();
        frame.Lane.Emit(state.ExitedEventType, exited);
        return (output, next, outputText);
    }

    private static (JsonNode? Output, IReadOnlyList<KeyValuePair<string, JsonNode?>>? Assigned) Pass(StateRun run, IQueryLanguage ql, JsonNode? input)
    {
        var hasResult = run.State.Raw.TryGetPropertyValue("Result", out var literal);
        var result = hasResult ? literal?.DeepClone() : ql.EffectiveInput(run, input, applyParameters: true);
        if (hasResult)
        {
            run.Frame.Probe?.Record("result", result);
        }

        var assigned = run.State.Field("Assign") is { } assign ? ql.Assign(run, assign, result) : null;
        return (ql.StateOutput(run, input, result, applyResultSelector: false), assigned);
    }

    private static StatesException Fail(StateRun run, IQueryLanguage ql, JsonNode? input)
    {
        var error = ql.FieldValue(run, input, "Error", out _, out var errorFromPath);
        var cause = ql.FieldValue(run, input, "Cause", out _, out var causeFromPath);
        string? Text(JsonNode? node, bool fromPath, string field) => node switch
        {
            null => null,
            _ when JsonValues.TryString(node, out var s) => s,
            _ when fromPath => throw run.Runtime($"The {field}Path field must point to a string but was: {JsonValues.ToJson(node)}"),
            _ => JsonValues.ToJson(node),
        };
        return new StatesException(Text(error, errorFromPath, "Error"), Text(cause, causeFromPath, "Cause"));
    }

    private static (JsonNode? Output, string? Next, IReadOnlyList<KeyValuePair<string, JsonNode?>>? Assigned) Choice(StateRun run, IQueryLanguage ql, JsonNode? input)
    {
        var effective = ql.EffectiveInput(run, input, applyParameters: false);
        var output = ql.StateOutput(run, input, effective, applyResultSelector: false);
        if (run.State.Field("Choices") is JsonArray choices)
        {
            foreach (var choice in choices.OfType<JsonObject>())
            {
                if (ql.Condition(run, choice, effective))
                {
                    var assigned = choice["Assign"] is { } a ? ql.Assign(run, a, effective) : null;
                    if (ql is JsonataLanguage jsonata && choice.TryGetPropertyValue("Output", out var ruleOutput))
                    {
                        // A JSONata Choice rule may carry its own Output; it replaces the state's.
                        output = jsonata.Template(run, ruleOutput, "Output", JsonataLanguage.Bindings(input));
                    }

                    return (output, choice["Next"]?.GetValue<string>(), assigned);
                }
            }
        }

        if (run.State.String("Default") is { } fallback)
        {
            var assigned = run.State.Field("Assign") is { } a ? ql.Assign(run, a, effective) : null;
            return (output, fallback, assigned);
        }

        throw new StatesException(StatesErrors.NoChoiceMatched, $"No Choice Rules matched and no Default state was specified in the Choice state '{run.State.Name}'.");
    }
}
