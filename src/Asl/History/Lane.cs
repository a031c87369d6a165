using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.History;

/// <summary>
/// One thread of control (the execution, a Parallel branch, a Map iteration). Each event names the
/// lane's previous event as its previousEventId, which is how AWS links events. A Map's lane is
/// written by its concurrent iterations, so reads and writes of Last are serialised.
/// </summary>
internal sealed class Lane(HistoryLog log, long last)
{
    private readonly Lock _lock = new();
    private long _last = last;

    public long Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }

        set
        {
            lock (_lock)
            {
                _last = value;
            }
        }
    }

    public HistoryLog Log => log;

    public long Emit(string type, JsonObject? details = null, bool advance = true)
    {
        lock (_lock)
        {
            var id = log.Add(type, _last, details);
            if (advance)
            {
                _last = id;
            }

            return id;
        }
    }

    /// <summary>Writes a state's entered event (see <see cref="HistoryLog.AddEntered"/>) and advances the lane.</summary>
    public long EmitEntered(StateDefinition state, string inputText, DateTimeOffset time)
    {
        lock (_lock)
        {
            return _last = log.AddEntered(state, _last, inputText, time);
        }
    }

    /// <summary>Writes a state's exited event without assigned variables and advances the lane.</summary>
    public long EmitExited(StateDefinition state, string outputText)
    {
        lock (_lock)
        {
            return _last = log.AddExited(state, _last, outputText);
        }
    }
}
