using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Asl;

/// <summary>Small helpers over System.Text.Json.Nodes values, where JSON null is a C# null.</summary>
internal static class JsonValues
{
    public static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            // Values built in code hold their CLR type (long, int, decimal); parsed ones hold a JsonElement.
            if (v.TryGetValue(out double d) || v.TryGetValue(out long l) && (d = l) == l || v.TryGetValue(out int i) && (d = i) == i
                || v.TryGetValue(out decimal m) && (d = (double)m) == d)
            {
                value = d;
                return true;
            }
        }

        return false;
    }

    public static bool IsInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out value))
            {
                return true;
            }

            TryNumber(v, out var d);
            if (Math.Floor(d) == d && Math.Abs(d) < 9e18)
            {
                // A literal such as 2.0 is a number without a fraction; Java-based AWS code treats it as integral.
                value = (long)d;
                return true;
            }
        }

        return false;
    }

    public static bool TryString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryBoolean(JsonNode? node, out bool value)
    {
        value = false;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = v.GetValue<bool>();
            return true;
        }

        return false;
    }

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>Compact JSON text, as AWS writes inputs and outputs into the history.</summary>
    public static string ToJson(JsonNode? node) => ToJson(node, out _);

    /// <summary>
    /// Compact JSON text, and its length in UTF-8 bytes (what AWS's payload limits count). When the
    /// text equals <paramref name="same"/>, that string is returned instead of a new one.
    /// </summary>
    public static string ToJson(JsonNode? node, out int utf8Bytes, string? same = null)
    {
        if (node is null)
        {
            utf8Bytes = 4;
            return "null";
        }

        // One writer per thread: ToJsonString sets up a fresh writer and a 16 KiB buffer per call,
        // which dominated the cost of a history event.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Relaxed.Encoder, SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        node.WriteTo(writer);
        writer.Flush();
        utf8Bytes = buffer.WrittenCount;
        var text = same is not null && Ascii.Equals(buffer.WrittenSpan, same) ? same : Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20)
        {
            // Do not keep a large payload's buffer alive on the thread.
            t_buffer = null;
            t_writer = null;
        }

        return text;
    }

    // t_ marks a thread-static field (the dotnet/runtime convention); the naming rules cannot select
    // fields by attribute, so the s_ rule is silenced for these two only.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;
#pragma warning restore IDE1006

    /// <summary>AWS escapes only what JSON requires; the default encoder would turn quotes into \u0022.</summary>
    public static JsonSerializerOptions Relaxed { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    public static JsonNode Number(double d)
    {
        if (Math.Floor(d) == d && Math.Abs(d) < 1e15)
        {
            return JsonValue.Create((long)d);
        }

        return JsonValue.Create(d);
    }
}
