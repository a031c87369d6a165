namespace Sluice.Asl.JsonPath;

/// <summary>One step of a compiled JSONPath.</summary>
internal abstract record JsonPathSegment
{
    /// <summary>True when the step can select more than one node, which makes the whole path indefinite.</summary>
    public abstract bool IsIndefinite { get; }

    internal sealed record Child(string Name) : JsonPathSegment
    {
        public override bool IsIndefinite => false;
    }

    internal sealed record Index(int Value) : JsonPathSegment
    {
        public override bool IsIndefinite => false;
    }

    internal sealed record Union(IReadOnlyList<string>? Names, IReadOnlyList<int>? Indexes) : JsonPathSegment
    {
        public override bool IsIndefinite => true;
    }

    internal sealed record Wildcard : JsonPathSegment
    {
        public override bool IsIndefinite => true;
    }

    internal sealed record Slice(int? Start, int? End, int Step) : JsonPathSegment
    {
        public override bool IsIndefinite => true;
    }

    internal sealed record Descendant(JsonPathSegment Inner) : JsonPathSegment
    {
        public override bool IsIndefinite => true;
    }

    internal sealed record Filter(FilterExpression Expression) : JsonPathSegment
    {
        public override bool IsIndefinite => true;
    }

    internal sealed record Length : JsonPathSegment
    {
        public override bool IsIndefinite => false;
    }
}
