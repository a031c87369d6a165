using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.History;

/// <summary>
/// The append-only history of one execution; ids start at 1 and increase by one, as AWS assigns them.
/// Events are kept compact: fixed-size chunks of small structs (no list that regrows and copies),
/// and a state's entered and exited events hold only the state's name and its input or output text,
/// their details object written when the history is read.
/// </summary>
internal sealed class HistoryLog(Func<DateTimeOffset> now)
{
    /// <summary>AWS's hard quota on the events of one execution's history.</summary>
    public const int MaxEvents = 25000;

    /// <summary>The cause AWS gives when an execution fails at the history quota.</summary>
    public const string LimitCause = "The execution reached the maximum number of history events (25000).";

    private const int ChunkBits = 8;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<Entry[]> _chunks = [];
    private readonly Lock _lock = new();
    private int _count;
    private Action? _onLimit;

    /// <summary>Told of each event as it is added, in id order (the service's journal, when it keeps one).</summary>
    public Action<Api.StoredHistoryEvent>? Appended { get; set; }

    /// <summary>How an entry's details are held.</summary>
    private enum Form : byte
    {
        /// <summary>Text holds the details object as JSON text, or null when the event has none.</summary>
        Details,

        /// <summary>A StateEntered event: Text is the input, Name the state.</summary>
        Entered,

        /// <summary>A StateExited event without assigned variables: Text is the output, Name the state.</summary>
        Exited,
    }

    /// <summary>32 bytes: a long history is a few arrays of these and the texts they share.</summary>
    private struct Entry
    {
        /// <summary>The event type (Form.Details) or the state (its name and entered or exited type).</summary>
        public object Source;
        public string? Text;
        public long UtcTicks;
        public int Previous;
        public Form Form;

        public readonly string Type => Form switch
        {
            Form.Entered => ((StateDefinition)Source).EnteredEventType,
            Form.Exited => ((StateDefinition)Source).ExitedEventType,
            _ => (string)Source,
        };
    }

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
                return _count;
            }
        }
    }

    /// <summary>
    /// Appends an event. As in AWS, the last event a history can hold (number 25,000) is kept for the
    /// execution's own end: any other event there fails the execution instead of growing the history.
    /// </summary>
    /// <exception cref="HistoryLimitException">The history is full.</exception>
    public long Add(string type, long previousEventId, JsonObject? details = null) =>
        Append(new Entry { Source = type, Previous = (int)previousEventId, Text = details is null ? null : JsonValues.ToJson(details), Form = Form.Details }, now());

    /// <summary>Appends the StateEntered event of <paramref name="state"/> at <paramref name="time"/>.</summary>
    /// <exception cref="HistoryLimitException">The history is full.</exception>
    public long AddEntered(StateDefinition state, long previousEventId, string inputText, DateTimeOffset time) =>
        Append(new Entry { Source = state, Previous = (int)previousEventId, Text = inputText, Form = Form.Entered }, time);

    /// <summary>Appends the StateExited event of <paramref name="state"/>, without assigned variables.</summary>
    /// <exception cref="HistoryLimitException">The history is full.</exception>
    public long AddExited(StateDefinition state, long previousEventId, string outputText) =>
        Append(new Entry { Source = state, Previous = (int)previousEventId, Text = outputText, Form = Form.Exited }, now());

    private long Append(Entry entry, DateTimeOffset time)
    {
        entry.UtcTicks = time.UtcTicks;
        var type = entry.Type;
        Action? notify = null;
        lock (_lock)
        {
            var id = _count + 1;
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
                var slot = _count & (ChunkSize - 1);
                if (slot == 0)
                {
                    _chunks.Add(new Entry[ChunkSize]);
                }

                _chunks[_count >> ChunkBits][slot] = entry;
                _count = id;
                Appended?.Invoke(Stored(id, entry));
                return id;
            }
        }

        notify?.Invoke();
        throw new HistoryLimitException();
    }

    private static Api.StoredHistoryEvent Stored(long id, in Entry e) => e.Form == Form.Details
        ? new Api.StoredHistoryEvent(id, e.Previous, e.UtcTicks, (string)e.Source, null, e.Text)
        : new Api.StoredHistoryEvent(id, e.Previous, e.UtcTicks, e.Type, ((StateDefinition)e.Source).Name, e.Text);

    /// <summary>
    /// Puts back the events a journal kept, in id order, before the execution runs again. A state's
    /// entered or exited event gets its details object written now, from the state's name and text.
    /// </summary>
    public void Restore(IEnumerable<Api.StoredHistoryEvent> events)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Id != _count + 1)
                {
                    throw new InvalidOperationException($"history event {e.Id} follows event {_count}: the kept history has a gap");
                }

                var text = e.StateName is null
                    ? e.Text
                    : StateDetails(e.Type.EndsWith("StateEntered", StringComparison.Ordinal) ? "input" : "output", e.Text ?? "null", e.StateName,
                        nameFirst: !e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
                var slot = _count & (ChunkSize - 1);
                if (slot == 0)
                {
                    _chunks.Add(new Entry[ChunkSize]);
                }

                _chunks[_count >> ChunkBits][slot] = new Entry { Source = e.Type, Previous = (int)e.PreviousEventId, Text = text, UtcTicks = e.UtcTicks, Form = Form.Details };
                _count++;
            }
        }
    }

    /// <summary>The input (of a StateEntered event) or output (of a StateExited one) of event <paramref name="id"/>, as JSON text.</summary>
    public string? StateText(long id)
    {
        lock (_lock)
        {
            if (id < 1 || id > _count)
            {
                return null;
            }

            var e = _chunks[(int)(id - 1) >> ChunkBits][(int)(id - 1) & (ChunkSize - 1)];
            if (e.Form != Form.Details)
            {
                return e.Text;
            }

            // Restored: the details object holds the text.
            var details = e.Text is null ? null : System.Text.Json.Nodes.JsonNode.Parse(e.Text) as JsonObject;
            return (details?["input"] ?? details?["output"])?.GetValue<string>();
        }
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
            _chunks.Clear();
            _chunks.TrimExcess();
            _count = 0;
            Released = true;
        }
    }

    /// <summary>The events written so far; each is built (details included) only when read.</summary>
    public IReadOnlyList<HistoryEvent> Snapshot()
    {
        lock (_lock)
        {
            var entries = new Entry[_count];
            for (var i = 0; i < _count; i += ChunkSize)
            {
                Array.Copy(_chunks[i >> ChunkBits], 0, entries, i, Math.Min(ChunkSize, _count - i));
            }

            return new View(entries);
        }
    }

    private sealed class View(Entry[] entries) : IReadOnlyList<HistoryEvent>
    {
        public HistoryEvent this[int index] => Build(index + 1, entries[index]);

        public int Count => entries.Length;

        public IEnumerator<HistoryEvent> GetEnumerator()
        {
            for (var i = 0; i < entries.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static HistoryEvent Build(long id, in Entry e)
    {
        var details = e.Form switch
        {
            Form.Entered => StateDetails("input", e.Text!, ((StateDefinition)e.Source).Name, nameFirst: false),
            Form.Exited => StateDetails("output", e.Text!, ((StateDefinition)e.Source).Name, nameFirst: true),
            _ => e.Text,
        };
        var type = e.Type;
        return new HistoryEvent(id, e.Previous, new DateTimeOffset(e.UtcTicks, TimeSpan.Zero), type, details is null ? null : DetailsKeyFor(type), details);
    }

    /// <summary>The details of a state's entered or exited event, field for field as AWS writes them.</summary>
    private static string StateDetails(string field, string text, string name, bool nameFirst)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + name.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonValues.Relaxed.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            if (nameFirst)
            {
                writer.WriteString("name", name);
            }

            writer.WriteString(field, text);
            writer.WriteStartObject(field + "Details");
            writer.WriteBoolean("truncated", false);
            writer.WriteEndObject();
            if (!nameFirst)
            {
                writer.WriteString("name", name);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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
