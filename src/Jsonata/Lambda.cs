namespace Sluice.Jsonata;

/// <summary>A function defined in an expression, closed over the frame it was defined in.</summary>
internal sealed class Lambda : JsonataFunction
{
    public required Node Definition { get; init; }

    public required object? Input { get; init; }

    public required Frame Environment { get; init; }

    /// <summary>The parameter names, in order (without '$').</summary>
    public required IReadOnlyList<string> Parameters { get; init; }

    /// <summary>A tail call waiting for the trampoline in Evaluator.Apply.</summary>
    public bool Thunk { get; init; }

    internal override int Arity => Parameters.Count;
}
