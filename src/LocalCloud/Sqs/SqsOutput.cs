namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// Writes an SQS answer once for both protocols: JSON members, or the query protocol's flattened XML
/// (a list's items repeat under the item name; maps are <c>Name</c>/<c>Value</c> entries).
/// </summary>
internal abstract class SqsOutput
{
    public abstract void String(string name, string? value);

    public abstract void Bool(string name, bool value);

    public abstract void Long(string name, long? value);

    public abstract void BeginList(string jsonName, string xmlItemName);

    public abstract void EndList();

    /// <summary>A structure: a list item when <paramref name="name"/> is null.</summary>
    public abstract void BeginObject(string? name);

    public abstract void EndObject();

    public abstract void StringItem(string value);

    public abstract void StringMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, string> map, string xmlKey = "Name");

    public abstract void AttributeMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, SqsAttributeValue> map);

    public abstract byte[] ToBytes(string action, string requestId);
}
