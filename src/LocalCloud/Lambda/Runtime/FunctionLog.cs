namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// A function's output lines (its own and Lambda's START/END/REPORT), the newest kept up to a limit.
/// Lines written in an execution environment also go to CloudWatch Logs through <paramref name="ship"/>
/// (time, the environment's log stream, text), as Lambda sends them to the function's log group.
/// </summary>
internal sealed class FunctionLog(int capacity, TimeProvider clock, Action<DateTimeOffset, string, string>? ship = null)
{
    private readonly Queue<LogLine> _lines = new();
    private long _sequence;

    public void Append(string text, string? requestId) => Append(text, requestId, null);

    /// <summary>A line written in the execution environment whose log stream is <paramref name="logStream"/>.</summary>
    public void Append(string text, string? requestId, string? logStream)
    {
        var time = clock.GetUtcNow();
        if (logStream is not null)
        {
            ship?.Invoke(time, logStream, text);
        }
        lock (_lines)
        {
            _lines.Enqueue(new LogLine(++_sequence, time, requestId, text));
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The lines after <paramref name="afterSequence"/>, oldest first.</summary>
    public IReadOnlyList<LogLine> Read(long afterSequence = 0)
    {
        lock (_lines)
        {
            return _lines.Where(l => l.Sequence > afterSequence).ToList();
        }
    }

    public IReadOnlyList<LogLine> ForRequest(string requestId)
    {
        lock (_lines)
        {
            return _lines.Where(l => l.RequestId == requestId).ToList();
        }
    }
}

internal sealed record LogLine(long Sequence, DateTimeOffset Time, string? RequestId, string Text);
