using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Envelope;

/// <summary>Writes a CloudEvents 1.0 structured JSON event; <c>data</c> comes from a record's source-generated type info or a callback, so nothing is reflected.</summary>
public static class CloudEventWriter
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An event whose <c>data</c> is a typed record.</summary>
    public static byte[] Write<TData>(string id, string source, string type, string? subject, DateTimeOffset time, TData data, JsonTypeInfo<TData> dataType) =>
        Envelope(id, source, type, subject, time, (data, dataType), static (writer, s) => JsonSerializer.Serialize(writer, s.data, s.dataType));

    /// <summary>An event whose <c>data</c> members <paramref name="writeData"/> writes into the open data object.</summary>
    public static byte[] Write<TState>(string id, string source, string type, string? subject, DateTimeOffset time, TState state, Action<Utf8JsonWriter, TState> writeData) =>
        Envelope(id, source, type, subject, time, (state, writeData), static (writer, s) =>
        {
            writer.WriteStartObject();
            s.writeData(writer, s.state);
            writer.WriteEndObject();
        });

    private static byte[] Envelope<T>(string id, string source, string type, string? subject, DateTimeOffset time, T state, Action<Utf8JsonWriter, T> writeDataValue)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
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
            writer.WritePropertyName("data");
            writeDataValue(writer, state);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
