namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>A function's output lines (its own and Lambda's START/END/REPORT), the newest kept up to a limit.</summary>
internal sealed class FunctionLog(int capacity)
{
    private readonly Queue<LogLine> _lines = new();
    private long _sequence;

    public void Append(string text, string? requestId)
    {
        lock (_lines)
        {
            _lines.Enqueue(new LogLine(++_sequence, DateTimeOffset.UtcNow, requestId, text));
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
