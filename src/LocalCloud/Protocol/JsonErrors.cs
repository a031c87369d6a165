using System.Text.Json;

namespace Sluice.LocalCloud.Protocol;

/// <summary>The AWS JSON protocol's error body: <c>{"__type": ..., "message": ...}</c>.</summary>
internal static class JsonErrors
{
    public static byte[] Body(string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
