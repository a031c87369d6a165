namespace Sluice.Jsonata;

/// <summary>A built-in with some arguments bound (<c>$substring(?, 0, 2)</c>): each '?' is filled in call order.</summary>
internal sealed class PartialFunction : JsonataFunction
{
    public static readonly object Placeholder = new();

    public required JsonataFunction Target { get; init; }

    public required IReadOnlyList<object?> Arguments { get; init; }

    internal override int Arity => Arguments.Count(a => ReferenceEquals(a, Placeholder));
}
