using System.Text.Json;

namespace Sluice.LocalCloud.Sqs;

/// <summary>The AWS JSON 1.0 form of an SQS answer.</summary>
internal sealed class SqsJsonOutput : SqsOutput, IDisposable
{
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public SqsJsonOutput()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
    }

    public override void String(string name, string? value)
    {
        if (value is not null)
        {
            _writer.WriteString(name, value);
        }
    }

    public override void Bool(string name, bool value) => _writer.WriteBoolean(name, value);

    public override void Long(string name, long? value)
    {
        if (value is { } v)
        {
            _writer.WriteNumber(name, v);
        }
    }

    public override void BeginList(string jsonName, string xmlItemName) => _writer.WriteStartArray(jsonName);

    public override void EndList() => _writer.WriteEndArray();

    public override void BeginObject(string? name)
    {
        if (name is null)
        {
            _writer.WriteStartObject();
        }
        else
        {
            _writer.WriteStartObject(name);
        }
    }

    public override void EndObject() => _writer.WriteEndObject();

    public override void StringItem(string value) => _writer.WriteStringValue(value);

    public override void StringMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, string> map, string xmlKey)
    {
        if (map.Count == 0)
        {
            return;
        }
        _writer.WriteStartObject(jsonName);
        foreach (var (k, v) in map)
        {
            _writer.WriteString(k, v);
        }
        _writer.WriteEndObject();
    }

    public override void AttributeMap(string jsonName, string xmlEntry, IReadOnlyDictionary<string, SqsAttributeValue> map)
    {
        if (map.Count == 0)
        {
            return;
        }
        _writer.WriteStartObject(jsonName);
        foreach (var (k, v) in map)
        {
            _writer.WriteStartObject(k);
            if (v.IsBinary)
            {
                _writer.WriteBase64String("BinaryValue", v.BinaryValue ?? []);
            }
            else
            {
                _writer.WriteString("StringValue", v.StringValue);
            }
            _writer.WriteString("DataType", v.DataType);
            _writer.WriteEndObject();
        }
        _writer.WriteEndObject();
    }

    public override byte[] ToBytes(string action, string requestId)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
