namespace Sluice.Asl.Definition;

/// <summary>A definition AWS would refuse; the message is the InvalidDefinition text AWS returns.</summary>
internal sealed class DefinitionException(string message, IReadOnlyList<string> problems) : Exception(message)
{
    /// <summary>Each problem as "CODE: message at /location" (location optional).</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
