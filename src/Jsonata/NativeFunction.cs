namespace Sluice.Jsonata;

/// <summary>A function written in C#: built-ins, and those a host registers (as Step Functions does).</summary>
public sealed class NativeFunction : JsonataFunction
{
    private readonly int _arity;

    internal NativeFunction(string name, string? signature, int arity, Func<CallContext, IReadOnlyList<object?>, object?> body)
    {
        Name = name;
        _arity = arity;
        Body = body;
        Signature = signature is null ? null : Signature.Parse(signature);
    }

    /// <summary>A host function: its arguments are validated against the JSONata signature (e.g. "&lt;n-n:n&gt;").</summary>
    public static NativeFunction Create(string name, string signature, Func<IReadOnlyList<object?>, object?> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var sig = Signature.Parse(signature);
        return new NativeFunction(name, signature, sig.ParameterCount, (_, args) => body(args));
    }

    public string Name { get; }

    internal override int Arity => _arity;

    internal Func<CallContext, IReadOnlyList<object?>, object?> Body { get; }
}
