namespace Sluice.Jsonata;

/// <summary>Where the parent operator (%) finds its value: a label bound in the tuple stream, levels up.</summary>
internal sealed class Slot
{
    public required string Label { get; set; }

    public int Level { get; set; }

    public int Index { get; set; }
}
