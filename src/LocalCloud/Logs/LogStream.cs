namespace Sluice.LocalCloud.Logs;

/// <summary>
/// One log stream: its events in time order (ties kept in arrival order), the order GetLogEvents
/// reads them in. Guarded by its group's lock.
/// </summary>
internal sealed class LogStream(string name, long creationTime)
{
    private readonly List<LogEvent> _events = [];

    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    public long? FirstEventTimestamp { get; private set; }

    public long? LastEventTimestamp { get; private set; }

    public long? LastIngestionTime { get; private set; }

    public long StoredBytes { get; private set; }

    public IReadOnlyList<LogEvent> Events => _events;

    public void Add(LogEvent e)
    {
        // Binary search for the first event later than e: equal timestamps stay in arrival order.
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].Timestamp <= e.Timestamp)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        _events.Insert(lo, e);
        FirstEventTimestamp = FirstEventTimestamp is { } first ? Math.Min(first, e.Timestamp) : e.Timestamp;
        LastEventTimestamp = LastEventTimestamp is { } last ? Math.Max(last, e.Timestamp) : e.Timestamp;
        LastIngestionTime = e.IngestionTime;
        StoredBytes += System.Text.Encoding.UTF8.GetByteCount(e.Message);
    }

    /// <summary>Drops events the group no longer keeps (older than its retention, or the oldest beyond its cap).</summary>
    public int RemoveWhere(Func<LogEvent, bool> drop)
    {
        var removed = 0;
        for (var i = _events.Count - 1; i >= 0; i--)
        {
            if (drop(_events[i]))
            {
                StoredBytes -= System.Text.Encoding.UTF8.GetByteCount(_events[i].Message);
                _events.RemoveAt(i);
                removed++;
            }
        }
        if (removed > 0)
        {
            FirstEventTimestamp = _events.Count > 0 ? _events[0].Timestamp : null;
            LastEventTimestamp = _events.Count > 0 ? _events[^1].Timestamp : null;
        }
        return removed;
    }

    /// <summary>The index of the first event at or after <paramref name="timestamp"/>.</summary>
    public int LowerBound(long timestamp)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].Timestamp < timestamp)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
