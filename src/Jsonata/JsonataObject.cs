namespace Sluice.Jsonata;

/// <summary>A JSON object: keys keep their insertion order, as in JavaScript.</summary>
public sealed class JsonataObject : OrderedDictionary<string, object?>
{
    public JsonataObject()
        : base(StringComparer.Ordinal)
    {
    }
}
