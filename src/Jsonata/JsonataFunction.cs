namespace Sluice.Jsonata;

/// <summary>A function value: a lambda, a built-in, a partial application or a compiled regex.</summary>
public abstract class JsonataFunction
{
    private protected JsonataFunction()
    {
    }

    /// <summary>How many arguments the higher-order functions ($map, $filter, ...) pass to it.</summary>
    internal abstract int Arity { get; }

    internal Signature? Signature { get; init; }
}
