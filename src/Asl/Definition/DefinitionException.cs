using Sluice.Asl.Definition.Validation;

namespace Sluice.Asl.Definition;

/// <summary>A definition AWS would refuse; the message is the InvalidDefinition text AWS returns.</summary>
internal sealed class DefinitionException(IReadOnlyList<Diagnostic> errors)
    : Exception($"Invalid State Machine Definition: '{string.Join(", ", errors)}'")
{
    public IReadOnlyList<Diagnostic> Errors { get; } = errors;
}
