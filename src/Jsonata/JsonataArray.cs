namespace Sluice.Jsonata;

/// <summary>An array or sequence value, with the flags the reference implementation keeps on its arrays.</summary>
public sealed class JsonataArray : List<object?>
{
    public JsonataArray()
    {
    }

    public JsonataArray(IEnumerable<object?> items)
        : base(items)
    {
    }

    /// <summary>A result sequence (flattened and collapsed to a singleton) rather than a JSON array.</summary>
    public bool Sequence { get; set; }

    /// <summary>Set by <c>[]</c> on a step: a one-item sequence stays an array.</summary>
    public bool KeepSingleton { get; set; }

    /// <summary>The input document was an array, wrapped so that it is one context item.</summary>
    public bool OuterWrapper { get; set; }

    /// <summary>Items are tuples binding the context and variables (paths with <c>@</c>, <c>#</c> or <c>%</c>).</summary>
    public bool TupleStream { get; set; }

    /// <summary>Built by an array constructor: not flattened into the enclosing path's results.</summary>
    public bool Cons { get; set; }

    internal static JsonataArray CreateSequence() => new() { Sequence = true };

    internal static JsonataArray CreateSequence(object? item)
    {
        var sequence = new JsonataArray { Sequence = true };
        sequence.Add(item);
        return sequence;
    }
}
