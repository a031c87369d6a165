using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>
/// What RedriveExecution continues from: for each program of an execution (the execution itself, a
/// Parallel branch, a Map iteration, named by its path), the state it last entered with that state's
/// input, the output of each branch or iteration that succeeded, and each program's variables.
/// Inputs and outputs are kept by reference: the engine never changes a node after passing it on.
/// </summary>
internal sealed class Checkpoints
{
    private readonly ConcurrentDictionary<string, Position> _entered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonNode?> _succeeded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VariableScope> _scopes = new(StringComparer.Ordinal);

    /// <summary>Where the checkpoints are also kept across a restart of the host; null keeps them in memory only.</summary>
    public ExecutionJournal? Journal { get; set; }

    /// <summary>The path of a Parallel branch or Map iteration of <paramref name="state"/> in the program at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string state, int index) =>
        string.Concat(parent, "\u001f", state, "\u001f", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Where the program at <paramref name="path"/> stands; the program records each state it enters
    /// there (<see cref="Position.Entered"/>), a field write instead of a dictionary write per state.
    /// </summary>
    public Position Track(string path) => _entered.GetOrAdd(path, static _ => new Position());

    public bool TryResume(string path, out string state, out JsonNode? input)
    {
        if (_entered.TryGetValue(path, out var entry) && entry.Read() is { State: { } name } position)
        {
            (state, input) = (name, position.Input?.DeepClone());
            return true;
        }

        (state, input) = (string.Empty, null);
        return false;
    }

    /// <summary>A branch or iteration finished: a redrive reuses its output instead of running it.</summary>
    public void Succeeded(string path, JsonNode? output)
    {
        _succeeded[path] = output;
        _entered.TryRemove(path, out _);
        Journal?.Succeeded(path, JsonValues.ToJson(output));
    }

    /// <summary>The program at <paramref name="path"/> entered <paramref name="state"/> at event <paramref name="eventId"/> (kept for a restart; <see cref="Position.Entered"/> holds it in memory).</summary>
    public void Entered(string path, string state, long eventId) => Journal?.Position(path, state, eventId);

    /// <summary>The program at <paramref name="path"/> assigned variables: its own scope is kept as it now stands.</summary>
    public void Assigned(string path, VariableScope scope)
    {
        if (Journal is { } journal)
        {
            journal.Variables(path, scope.OwnJson());
        }
    }

    public bool TrySucceeded(string path, out JsonNode? output)
    {
        var found = _succeeded.TryGetValue(path, out output);
        output = output?.DeepClone();
        return found;
    }

    /// <summary>A branch or iteration starts afresh: what an earlier entry of its state left no longer counts.</summary>
    public void Forget(string path)
    {
        var had = _succeeded.TryRemove(path, out _) | _entered.TryRemove(path, out _);
        if (had || _scopes.ContainsKey(path))
        {
            Journal?.Forget(path);
        }
    }

    /// <summary>The variables of the program at <paramref name="path"/>: its earlier ones when resuming, else new ones.</summary>
    public VariableScope Scope(string path, VariableScope? parent, bool resume)
    {
        if (resume && _scopes.TryGetValue(path, out var kept))
        {
            return kept;
        }

        var scope = new VariableScope(parent);
        _scopes[path] = scope;
        return scope;
    }

    /// <summary>Drops everything (the execution succeeded or its history was released).</summary>
    public void Clear()
    {
        _entered.Clear();
        _succeeded.Clear();
        _scopes.Clear();
        Journal?.Clear();
    }

    /// <summary>
    /// Puts back what a journal kept: each program's position (its input read from the history event
    /// named), the outputs of branches and iterations that succeeded, and each program's variables,
    /// each scope inside its outer program's.
    /// </summary>
    public void Restore(Api.StoredExecutionState kept, History.HistoryLog history)
    {
        foreach (var position in kept.Positions)
        {
            var text = history.StateText(position.EventId)
                ?? throw new InvalidOperationException($"the kept position of '{position.Path}' names event {position.EventId}, which is not a state's entered event of the kept history");
            Track(position.Path).Entered(position.State, JsonNode.Parse(text));
        }

        foreach (var (path, output) in kept.Succeeded)
        {
            _succeeded[path] = JsonNode.Parse(output);
        }

        foreach (var (path, variables) in kept.Variables.OrderBy(v => v.Key.Length))
        {
            var scope = RestoredScope(path);
            foreach (var (name, value) in JsonNode.Parse(variables)!.AsObject())
            {
                scope.Set(name, value?.DeepClone());
            }
        }
    }

    private VariableScope RestoredScope(string path) => _scopes.GetOrAdd(path, p =>
        new VariableScope(p.Length == 0 ? null : RestoredScope(ParentPath(p))));

    /// <summary>The program a branch or iteration path is inside ("" for the execution's own).</summary>
    private static string ParentPath(string path)
    {
        var index = path.LastIndexOf('\u001f');
        index = index > 0 ? path.LastIndexOf('\u001f', index - 1) : -1;
        return index > 0 ? path[..index] : string.Empty;
    }

    /// <summary>The state a program last entered and that state's input.</summary>
    internal sealed class Position
    {
        private readonly Lock _lock = new();
        private string? _state;
        private JsonNode? _input;

        public void Entered(string state, JsonNode? input)
        {
            lock (_lock)
            {
                (_state, _input) = (state, input);
            }
        }

        public (string? State, JsonNode? Input) Read()
        {
            lock (_lock)
            {
                return (_state, _input);
            }
        }
    }
}
