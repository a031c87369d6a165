namespace Sluice.Jsonata;

/// <summary>What a built-in sees of its caller: the evaluator, the caller's frame and its context value.</summary>
public sealed class CallContext
{
    internal CallContext(Evaluator evaluator, Frame environment, object? input)
    {
        Evaluator = evaluator;
        Environment = environment;
        Input = input;
    }

    internal Evaluator Evaluator { get; }

    internal Frame Environment { get; }

    internal object? Input { get; }

    internal object? Apply(JsonataFunction function, IReadOnlyList<object?> args) =>
        Evaluator.Apply(function, args, null, Environment);
}
