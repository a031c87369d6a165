using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>The query protocol's XML form of an SQS answer.</summary>
internal sealed class SqsXmlOutput(string xmlNamespace) : SqsOutput
{
    private readonly StringBuilder _xml = new();
    private readonly Stack<string> _items = new();
    private readonly Stack<string> _open = new();

    public override void String(string name, string? value) => _xml.Element(name, value);

    public override void Bool(string name, bool value) => _xml.Element(name, value ? "true" : "false");

    public override void Long(string name, long? value)
    {
        if (value is { } v)
        {
            _xml.Element(name, v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public override void BeginList(string jsonName, string xmlItemName) => _items.Push(xmlItemName);

    public override void EndList() => _items.Pop();

    public override void BeginObject(string? name)
    {
        var element = name ?? _items.Peek();
        _open.Push(element);
        _xml.Append('<').Append(element).Append('>');
    }

    public override void EndObject() => _xml.Append("</").Append(_open.Pop()).Append('>');

    public override void StringItem(string value) => _xml.Element(_items.Peek(), value);

    public override void StringMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, string> map, string xmlKey)
    {
        foreach (var (k, v) in map)
        {
            _xml.Append('<').Append(xmlEntry).Append('>').Element(xmlKey, k).Element("Value", v).Append("</").Append(xmlEntry).Append('>');
        }
    }

    public override void AttributeMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, SqsAttributeValue> map)
    {
        foreach (var (k, v) in map)
        {
            _xml.Append('<').Append(xmlEntry).Append('>').Element("Name", k).Append("<Value>");
            if (v.IsBinary)
            {
                _xml.Element("BinaryValue", Convert.ToBase64String(v.BinaryValue ?? []));
            }
            else
            {
                _xml.Element("StringValue", v.StringValue);
            }
            _xml.Element("DataType", v.DataType).Append("</Value></").Append(xmlEntry).Append('>');
        }
    }

    public override byte[] ToBytes(string action, string requestId) =>
        Encoding.UTF8.GetBytes(XmlText.Envelope(action, xmlNamespace, requestId, _xml.ToString()));
}
