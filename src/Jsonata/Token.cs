namespace Sluice.Jsonata;

/// <summary>A lexical token: type is operator, name, variable, string, number, value or regex.</summary>
internal sealed record Token(string Type, object? Value, int Position);
