namespace Sluice.Asl.History;

/// <summary>
/// One thread of control (the execution, a Parallel branch, a Map iteration). Each event names the
/// lane's previous event as its previousEventId, which is how AWS links events.
/// </summary>
internal sealed class Lane(HistoryLog log, long last)
{
    public long Last { get; set; } = last;

    public HistoryLog Log => log;

    public long Emit(string type, System.Text.Json.Nodes.JsonObject? details = null, bool advance = true)
    {
        var id = log.Add(type, Last, details);
        if (advance)
        {
            Last = id;
        }

        return id;
    }
}
