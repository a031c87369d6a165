namespace Sluice.Jsonata;

/// <summary>One item of a tuple stream: the context under "@" and the variables bound along the path.</summary>
internal sealed class TupleBinding : Dictionary<string, object?>
{
    public TupleBinding()
        : base(StringComparer.Ordinal)
    {
    }

    public TupleBinding(TupleBinding other)
        : base(other, StringComparer.Ordinal)
    {
    }

    public object? Context => TryGetValue("@", out var value) ? value : null;
}
