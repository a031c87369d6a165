using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition;

/// <summary>One state: its name, type, transition and the raw fields the engine reads as it runs.</summary>
internal sealed class StateDefinition
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required JsonObject Raw { get; init; }

    public required QueryLanguageKind QueryLanguage { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    public IReadOnlyList<RetrierDefinition> Retry { get; init; } = [];

    public IReadOnlyList<CatcherDefinition> Catch { get; init; } = [];

    /// <summary>Parallel branches.</summary>
    public IReadOnlyList<StateMachineDefinition> Branches { get; init; } = [];

    /// <summary>Map ItemProcessor (or legacy Iterator).</summary>
    public StateMachineDefinition? Processor { get; init; }

    public bool Has(string field) => Raw.ContainsKey(field);

    public JsonNode? Field(string field) => Raw.TryGetPropertyValue(field, out var v) ? v : null;

    public string? String(string field) => JsonValues.TryString(Field(field), out var s) ? s : null;

    /// <summary>The prefix AWS puts on history event types: TaskStateEntered, MapStateExited ...</summary>
    public string EventPrefix => Type;

    /// <summary>The type of this state's entered event (PassStateEntered ...), built once.</summary>
    public string EnteredEventType => field ??= Type + "StateEntered";

    /// <summary>The type of this state's exited event (PassStateExited ...), built once.</summary>
    public string ExitedEventType => field ??= Type + "StateExited";
}
