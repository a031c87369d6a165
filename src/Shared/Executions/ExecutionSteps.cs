using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Executions;

/// <summary>An execution's history as lanes of steps (<see cref="TraceStep"/>), and each event with its lane and state.</summary>
public sealed class ExecutionSteps
{
    private ExecutionSteps(IReadOnlyList<Lane> lanes, IReadOnlyDictionary<string, long> laneStarts, IReadOnlyList<TraceStep> steps, IReadOnlyList<TraceEvent> events)
    {
        Lanes = lanes;
        LaneStarts = laneStarts;
        Steps = steps;
        Events = events;
    }

    /// <summary>The id of the first event of each lane.</summary>
    public IReadOnlyDictionary<string, long> LaneStarts { get; }

    /// <summary>Lanes in the order they opened, the main flow first.</summary>
    public IReadOnlyList<Lane> Lanes { get; }

    /// <summary>Steps in the order they were entered.</summary>
    public IReadOnlyList<TraceStep> Steps { get; }

    public IReadOnlyList<TraceEvent> Events { get; }

    /// <summary>
    /// Where the error arose: the first step that failed or was caught with this error (any error
    /// when null), else the last that failed or was stopped (a Fail state, a timeout).
    /// </summary>
    public TraceStep? FailedStep(string? error)
    {
        // A Map or Parallel only passes on the error of a step inside it, so those come second.
        var failed = Steps.Where(s => s.Status is "failed" or "caught" && s.Error is not null).OrderBy(s => s.Type is "Map" or "Parallel").ToList();
        return failed.FirstOrDefault(s => error is null || s.Error == error) ?? failed.FirstOrDefault()
            ?? Steps.LastOrDefault(s => s.Status is "failed" or "stopped");
    }

    /// <summary>A lane as its labels from the main flow, e.g. "ReserveLines/[1]"; empty for the main flow.</summary>
    public string LanePath(string laneId)
    {
        var labels = new List<string>();
        for (var lane = Lanes.FirstOrDefault(l => l.Id == laneId); lane is { Depth: > 0 }; lane = Lanes.FirstOrDefault(l => l.Id == lane.ParentId))
        {
            labels.Insert(0, lane.Label);
        }

        return string.Join('/', labels);
    }

    /// <summary>The step whose Catch took the error (it exited after failing).</summary>
    public TraceStep? CatchingStep => Steps.LastOrDefault(s => s.Status == "caught");

    /// <summary>
    /// For an execution that did not confirm its order: the state where the error arose, the state
    /// whose Catch took it (when the order was rejected), and the cause (the execution's, else the failed step's).
    /// </summary>
    public (string? FailedState, string? CatchingState, string? Cause) Failure(string? outcome, string? error, string? cause)
    {
        var failed = FailedStep(error);
        return (failed?.State, outcome == "rejected" ? CatchingStep?.State : null, cause ?? failed?.Cause);
    }

    /// <param name="failure">
    /// The error the execution ended with or a Catch recorded, when known: a Fail state inside a
    /// Map or Parallel records no error in the history, so its step takes this one.
    /// </param>
    public static ExecutionSteps Build(IReadOnlyList<HistoryEvent> history, bool executionEnded, (string? Error, string? Cause) failure = default)
    {
        var ordered = history.OrderBy(e => e.Id).ToList();
        var laneOf = HistoryLanes.Assign(ordered);
        var lanes = new List<Lane> { Lane.Main };
        var laneStarts = new Dictionary<string, long>(StringComparer.Ordinal) { [Lane.Main.Id] = 0 };
        var open = new Dictionary<string, Open>(StringComparer.Ordinal);
        var steps = new List<(long EnteredId, TraceStep Step)>();
        var events = new List<TraceEvent>(ordered.Count);
        var start = ordered.Count > 0 ? ordered[0].Timestamp : DateTimeOffset.MinValue;

        foreach (var e in ordered)
        {
            var lane = laneOf[e.Id];
            if (laneStarts.TryAdd(lane.Id, e.Id))
            {
                lanes.Add(lane);
            }

            var (error, cause) = Failure(e);
            if (e.StateEnteredEventDetails?.Name is { } entered && e.Type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                Close(open, lane.Id, e.Timestamp, steps, executionEnded: false);
                open[lane.Id] = new Open(e.Id, entered, e.Type[..^"StateEntered".Length], e.Timestamp, lane.Id);
            }

            var current = open.GetValueOrDefault(lane.Id);
            if (current is not null)
            {
                current.LastAt = e.Timestamp;
                if (e.Type is "TaskScheduled" or "LambdaFunctionScheduled" or "ActivityScheduled")
                {
                    current.Attempts++;
                }

                if (e.Type is "TaskSucceeded" or "LambdaFunctionSucceeded" or "ActivitySucceeded")
                {
                    // A retry that succeeded: the earlier attempt's error is history, not the step's outcome.
                    (current.Error, current.Cause) = (null, null);
                }

                if (error is not null || cause is not null)
                {
                    (current.Error, current.Cause) = (error ?? current.Error, cause ?? current.Cause);
                }

                if (e.Type.EndsWith("StateFailed", StringComparison.Ordinal) || e.Type == "ExecutionFailed" || e.Type == "FailStateEntered")
                {
                    current.Failed = true;
                }

                if (e.Type.EndsWith("StateExited", StringComparison.Ordinal) && e.StateExitedEventDetails?.Name == current.State)
                {
                    current.Exited = true;
                    Close(open, lane.Id, e.Timestamp, steps, executionEnded: false);
                }
            }

            events.Add(new TraceEvent(e.Id, e.Type, e.Timestamp, Math.Round(Math.Max(0, (e.Timestamp - start).TotalSeconds), 3),
                e.StateEnteredEventDetails?.Name ?? e.StateExitedEventDetails?.Name ?? current?.State, error, cause)
            { Lane = lane.Id });
        }

        var end = ordered.Count > 0 ? ordered[^1].Timestamp : start;
        foreach (var laneId in open.Keys.ToList())
        {
            Close(open, laneId, end, steps, executionEnded);
        }

        var byEntry = steps.OrderBy(s => s.EnteredId).Select(s => s.Step)
            .Select(s => s is { Type: "Fail", Status: "failed", Error: null } && failure.Error is not null
                ? s with { Error = failure.Error, Cause = ErrorText.Readable(failure.Cause) }
                : s)
            .ToList();
        return new ExecutionSteps(lanes, laneStarts, [.. byEntry.Select(s => WithInnerError(s, byEntry))], events);
    }

    /// <summary>A Map or Parallel that failed says no error of its own: it is the error of the first step inside it that failed.</summary>
    private static TraceStep WithInnerError(TraceStep step, IReadOnlyList<TraceStep> steps)
    {
        if (step.Error is not null || step.Type is not ("Map" or "Parallel") || step.Status is not ("failed" or "caught"))
        {
            return step;
        }

        var inner = steps.FirstOrDefault(s => s.EnteredEventId > step.EnteredEventId && s.Error is not null
            && s.Lane.StartsWith(step.Lane + "/", StringComparison.Ordinal));
        return inner is null ? step : step with { Error = inner.Error };
    }

    private static void Close(Dictionary<string, Open> open, string laneId, DateTimeOffset at, List<(long, TraceStep)> steps, bool executionEnded)
    {
        if (!open.Remove(laneId, out var step))
        {
            return;
        }

        // A step that did not exit ended with the last event of its lane (its failure, say).
        at = step.Exited ? at : step.LastAt;
        var status = step.Exited ? (step.Error is null && !step.Failed ? "succeeded" : "caught")
            : step.Failed || step.Error is not null ? "failed"
            : step.Type is "Succeed" ? "succeeded"
            : executionEnded ? "stopped"
            : "running";
        steps.Add((step.EnteredId, new TraceStep
        {
            EnteredEventId = step.EnteredId,
            Lane = step.Lane,
            State = step.State,
            Type = step.Type,
            Start = step.Start,
            End = status == "running" ? null : at,
            Status = status,
            Attempts = step.Attempts,
            Error = step.Error,
            Cause = ErrorText.Readable(step.Cause),
        }));
    }

    /// <summary>The error and cause of any failure event, typed or not (Map, Parallel, activity and timeout details stay untyped).</summary>
    private static (string? Error, string? Cause) Failure(HistoryEvent e)
    {
        var typed = e.ExecutionFailedEventDetails ?? e.TaskFailedEventDetails ?? e.LambdaFunctionFailedEventDetails
            ?? e.ExecutionAbortedEventDetails ?? e.ExecutionTimedOutEventDetails;
        if (typed is not null)
        {
            return (typed.Error, typed.Cause);
        }

        if (e.OtherDetails is not null)
        {
            foreach (var (name, details) in e.OtherDetails)
            {
                if ((name.EndsWith("FailedEventDetails", StringComparison.Ordinal) || name.EndsWith("TimedOutEventDetails", StringComparison.Ordinal))
                    && details.ValueKind == JsonValueKind.Object)
                {
                    return (String(details, "error"), String(details, "cause"));
                }
            }
        }

        return (null, null);
    }

    private static string? String(JsonElement details, string name) =>
        details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Open(long enteredId, string state, string type, DateTimeOffset start, string lane)
    {
        public long EnteredId { get; } = enteredId;

        public string State { get; } = state;

        public string Type { get; } = type;

        public DateTimeOffset Start { get; } = start;

        public string Lane { get; } = lane;

        public int Attempts { get; set; }

        public string? Error { get; set; }

        public string? Cause { get; set; }

        public bool Failed { get; set; }

        public bool Exited { get; set; }

        public DateTimeOffset LastAt { get; set; } = start;
    }
}
