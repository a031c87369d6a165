using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Persistence;

/// <summary>Compact binary forms of the maps the store keeps in one column (settings, tags, message attributes).</summary>
internal static class StoreCodec
{
    public static byte[] Strings(IReadOnlyDictionary<string, string> map)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(map.Count);
            foreach (var (key, value) in map)
            {
                writer.Write(key);
                writer.Write(value);
            }
        }
        return buffer.ToArray();
    }

    public static Dictionary<string, string> Strings(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var count = reader.ReadInt32();
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            map[reader.ReadString()] = reader.ReadString();
        }
        return map;
    }

    public static byte[] Attributes(IReadOnlyDictionary<string, SqsAttributeValue> map)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(map.Count);
            foreach (var (name, value) in map)
            {
                writer.Write(name);
                writer.Write(value.DataType);
                writer.Write(value.StringValue is not null);
                writer.Write(value.StringValue ?? "");
                writer.Write(value.BinaryValue?.Length ?? -1);
                writer.Write(value.BinaryValue ?? []);
            }
        }
        return buffer.ToArray();
    }

    public static Dictionary<string, SqsAttributeValue> Attributes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var count = reader.ReadInt32();
        var map = new Dictionary<string, SqsAttributeValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var type = reader.ReadString();
            var hasString = reader.ReadBoolean();
            var text = reader.ReadString();
            var length = reader.ReadInt32();
            var binary = length >= 0 ? reader.ReadBytes(length) : null;
            map[name] = new SqsAttributeValue(type, hasString ? text : null, binary);
        }
        return map;
    }
}
