namespace Sluice.Jsonata;

/// <summary>JSON null. A C# null is JSONata's "undefined" (no value).</summary>
public sealed class JsonataNull
{
    public static readonly JsonataNull Value = new();

    private JsonataNull()
    {
    }

    public override string ToString() => "null";
}
