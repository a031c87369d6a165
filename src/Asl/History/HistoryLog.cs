using System.Text.Json.Nodes;

namespace Sluice.Asl.History;

/// <summary>The append-only history of one execution; ids start at 1 and increase by one, as AWS assigns them.</summary>
internal sealed class HistoryLog(Func<DateTimeOffset> now)
{
    /// <summary>AWS's hard quota on the events of one execution's history.</summary>
    public const int MaxEvents = 25000;

    /// <summary>The cause AWS gives when an execution fails at the history quota.</summary>
    public const string LimitCause = "The execution reached the maximum number of history events (25000).";

    private readonly List<HistoryEvent> _events = [];
    private readonly Lock _lock = new();
    private Action? _onLimit;

    /// <summary>True once an event was refused because the history reached <see cref="MaxEvents"/>.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Called once, the first time an event is refused at the quota, so the run can stop every branch.</summary>
    public void OnLimit(Action action) => _onLimit = action;

    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>
    /// Appends an event. As in AWS, the last event a history can hold (number 25,000) is kept for the
    /// execution's own end: any other event there fails the execution instead of growing the history.
    /// </summary>
    /// <exception cref="HistoryLimitException">The history is full.</exception>
    public long Add(string type, long previousEventId, JsonObject? details = null)
    {
        Action? notify = null;
        lock (_lock)
        {
            var id = _events.Count + 1;
            if (id > MaxEvents || (id == MaxEvents && !IsExecutionEnd(type)))
            {
                if (!LimitReached)
                {
                    LimitReached = true;
                    notify = _onLimit;
                }
            }
            else
            {
                _events.Add(new HistoryEvent(id, previousEventId, now(), type, details is null ? null : DetailsKeyFor(type), details is null ? null : JsonValues.ToJson(details)));
                return id;
            }
        }

        notify?.Invoke();
        throw new HistoryLimitException();
    }

    private static bool IsExecutionEnd(string type) =>
        type is "ExecutionSucceeded" or "ExecutionFailed" or "ExecutionAborted" or "ExecutionTimedOut";

    /// <summary>True once <see cref="Release"/> dropped the events.</summary>
    public bool Released { get; private set; }

    /// <summary>Drops the events of a closed execution to bound memory; ids are never reused.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _events.Clear();
            _events.TrimExcess();
            Released = true;
        }
    }

    public IReadOnlyList<HistoryEvent> Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    /// <summary>The details field name AWS uses for an event type.</summary>
    public static string DetailsKeyFor(string type)
    {
        if (type.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            return "stateEnteredEventDetails";
        }

        if (type.EndsWith("StateExited", StringComparison.Ordinal))
        {
            return "stateExitedEventDetails";
        }

        return char.ToLowerInvariant(type[0]) + type[1..] + "EventDetails";
    }
}
