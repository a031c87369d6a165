using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.Execution;

/// <summary>One entry into one state: what the context object ($$) and runtime error messages refer to.</summary>
internal sealed class StateRun(StateDefinition state, Frame frame, long enteredEventId, DateTimeOffset enteredTime)
{
    public StateDefinition State { get; } = state;

    public Frame Frame { get; } = frame;

    public long EnteredEventId { get; } = enteredEventId;

    public DateTimeOffset EnteredTime { get; } = enteredTime;

    public int RetryCount { get; set; }

    /// <summary>
    /// True while a redriven Parallel or Map makes its first attempt: branches and iterations that
    /// succeeded before are not rerun. Cleared once read, so a retry reruns everything.
    /// </summary>
    public bool Replay { get; set; }

    /// <summary>Reads and clears <see cref="Replay"/>.</summary>
    public bool TakeReplay()
    {
        var replay = Replay;
        Replay = false;
        return replay;
    }

    /// <summary>Set once a Map or Parallel has written its Started event; only then does a failure write its Failed event.</summary>
    public bool Started { get; set; }

    /// <summary>The token of a .waitForTaskToken task: $$.Task.Token.</summary>
    public string? TaskToken { get; set; }

    /// <summary>Set while a Map evaluates its ItemSelector: $$.Map.Item.</summary>
    public MapItem? MapItem { get; set; }

    /// <summary>The event before this state's StateEntered: an EvaluationFailed event links to it, as AWS records.</summary>
    public long EnteredPreviousEventId { get; init; }

    /// <summary>The state's input as it entered: <c>$states.input</c> in JSONata.</summary>
    public JsonNode? RawInput { get; init; }

    /// <summary>Set while a catcher's Assign and Output are evaluated: <c>$states.errorOutput</c> in JSONata.</summary>
    public JsonObject? ErrorOutput { get; set; }

    public VariableScope Variables => Frame.Variables;

    public StatesException Runtime(string detail, string error = StatesErrors.Runtime) =>
        new(error, $"An error occurred while executing the state '{State.Name}' (entered at the event id #{EnteredEventId.ToString(CultureInfo.InvariantCulture)}). {detail}");

    /// <summary>
    /// The context object (<c>$$</c> in JSONPath, <c>$states.context</c> in JSONata) as AWS documents
    /// it: Execution (Id, Input, Name, RoleArn, StartTime, RedriveCount, and RedriveTime once
    /// redriven), StateMachine (Id, Name), State (EnteredTime, Name, and RetryCount in the states that
    /// retry), Task.Token in a .waitForTaskToken task, and Map.Item while a Map builds an item's input.
    /// Each call builds a fresh object the caller may keep or change.
    /// </summary>
    public JsonObject Context()
    {
        var exec = Frame.Execution;
        var execution = new JsonObject
        {
            ["Id"] = exec.Arn,
            ["Input"] = exec.Input?.DeepClone(),
            ["StartTime"] = FormatTime(exec.StartDate),
            ["Name"] = exec.Name,
            ["RoleArn"] = exec.RoleArn,
            ["RedriveCount"] = exec.RedriveCount,
        };
        if (exec.RedriveDate is { } redriven)
        {
            execution["RedriveTime"] = FormatTime(redriven);
        }

        var stateContext = new JsonObject
        {
            ["EnteredTime"] = FormatTime(EnteredTime),
            ["Name"] = State.Name,
        };
        if (State.Type is "Task" or "Parallel" or "Map")
        {
            stateContext["RetryCount"] = RetryCount;
        }

        var context = new JsonObject
        {
            ["Execution"] = execution,
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = exec.StateMachineArn,
                ["Name"] = exec.StateMachineName,
            },
            ["State"] = stateContext,
        };
        if (TaskToken is not null)
        {
            context["Task"] = new JsonObject { ["Token"] = TaskToken };
        }

        if (MapItem is not null)
        {
            context["Map"] = new JsonObject { ["Item"] = MapItem.ToContext() };
        }

        if (Frame.Probe?.Context is { } supplied)
        {
            // TestState's context: what the request gives replaces the engine's value, field by field.
            Overlay(context, supplied);
        }

        return context;
    }

    private static void Overlay(JsonObject target, JsonObject supplied)
    {
        foreach (var (key, value) in supplied)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Overlay(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
