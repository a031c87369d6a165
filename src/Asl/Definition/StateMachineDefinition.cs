using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition;

/// <summary>A parsed, validated program: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StateMachineDefinition
{
    public required string StartAt { get; init; }

    public required IReadOnlyDictionary<string, StateDefinition> States { get; init; }

    public required QueryLanguageKind QueryLanguage { get; init; }

    public int? TimeoutSeconds { get; init; }

    public required JsonObject Raw { get; init; }
}
