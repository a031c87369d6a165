namespace Sluice.Asl.Definition;

/// <summary>A definition AWS would refuse; the message is the InvalidDefinition text AWS returns.</summary>
internal sealed class DefinitionException(string message) : Exception(message);
