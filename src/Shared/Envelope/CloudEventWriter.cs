using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Sluice.Shared.Envelope;

/// <summary>Writes a CloudEvents 1.0 structured JSON event; <c>data</c> comes from a callback so nothing is reflected.</summary>
public static class CloudEventWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write<TState>(string id, string source, string type, string? subject, DateTimeOffset time, TState state, Action<Utf8JsonWriter, TState> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", CloudEvent.SpecVersion);
            writer.WriteString("id", id);
            writer.WriteString("source", source);
            writer.WriteString("type", type);
            if (subject is not null)
            {
                writer.WriteString("subject", subject);
            }

            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("datacontenttype", "application/json");
            writer.WriteStartObject("data");
            writeData(writer, state);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
