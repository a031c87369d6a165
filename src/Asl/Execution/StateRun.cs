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

    /// <summary>Set once a Map or Parallel has written its Started event; only then does a failure write its Failed event.</summary>
    public bool Started { get; set; }

    /// <summary>The token of a .waitForTaskToken task: $$.Task.Token.</summary>
    public string? TaskToken { get; set; }

    /// <summary>Set while a Map evaluates its ItemSelector: $$.Map.Item.</summary>
    public JsonObject? MapItem { get; set; }

    public VariableScope Variables => Frame.Variables;

    public StatesException Runtime(string detail, string error = StatesErrors.Runtime) =>
        new(error, $"An error occurred while executing the state '{State.Name}' (entered at the event id #{EnteredEventId.ToString(CultureInfo.InvariantCulture)}). {detail}");

    /// <summary>The context object: Execution, StateMachine, State (and Map while selecting items).</summary>
    public JsonObject Context()
    {
        var exec = Frame.Execution;
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = exec.Arn,
                ["Input"] = exec.Input?.DeepClone(),
                ["StartTime"] = FormatTime(exec.StartDate),
                ["Name"] = exec.Name,
                ["RoleArn"] = exec.RoleArn,
                ["RedriveCount"] = 0,
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = exec.StateMachineArn,
                ["Name"] = exec.StateMachineName,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = FormatTime(EnteredTime),
                ["Name"] = State.Name,
            },
        };
        if (State.Type == "Task")
        {
            context["State"]!["RetryCount"] = RetryCount;
        }

        if (TaskToken is not null)
        {
            context["Task"] = new JsonObject { ["Token"] = TaskToken };
        }

        if (MapItem is not null)
        {
            context["Map"] = new JsonObject { ["Item"] = MapItem.DeepClone() };
        }

        return context;
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
