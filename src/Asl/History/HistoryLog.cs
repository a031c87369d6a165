using System.Text.Json.Nodes;

namespace Sluice.Asl.History;

/// <summary>The append-only history of one execution; ids start at 1 and increase by one, as AWS assigns them.</summary>
internal sealed class HistoryLog(Func<DateTimeOffset> now)
{
    private readonly List<HistoryEvent> _events = [];
    private readonly Lock _lock = new();

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

    public long Add(string type, long previousEventId, JsonObject? details = null)
    {
        lock (_lock)
        {
            var id = _events.Count + 1;
            _events.Add(new HistoryEvent(id, previousEventId, now(), type, details is null ? null : DetailsKeyFor(type), details is null ? null : JsonValues.ToJson(details)));
            return id;
        }
    }

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
