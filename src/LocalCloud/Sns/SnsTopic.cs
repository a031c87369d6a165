namespace Sluice.LocalCloud.Sns;

/// <summary>A topic and its settable attributes; changed only under <see cref="Gate"/>.</summary>
internal sealed class SnsTopic(string name, string arn, bool isFifo)
{
    public object Gate { get; } = new();

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public bool IsFifo { get; } = isFifo;

    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    public long SequenceNumber;

    public bool ContentBasedDeduplication
    {
        get
        {
            lock (Gate)
            {
                return Attributes.TryGetValue("ContentBasedDeduplication", out var v) && v == "true";
            }
        }
    }
}
