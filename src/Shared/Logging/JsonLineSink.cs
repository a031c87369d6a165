using System.Buffers;
using System.Text.Json;

namespace Sluice.Shared.Logging;

/// <summary>
/// Writes one JSON object per line to a stream (stdout in Lambda, where each line becomes one
/// CloudWatch Logs event). Log lines and EMF metric lines share it so they never interleave.
/// </summary>
public sealed class JsonLineSink(Stream output)
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock gate = new();
    private readonly ArrayBufferWriter<byte> buffer = new(1024);

    public static JsonLineSink StandardOutput { get; } = new(Console.OpenStandardOutput());

    public void Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeObject)
    {
        lock (gate)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, Options))
            {
                writer.WriteStartObject();
                writeObject(writer, state);
                writer.WriteEndObject();
            }

            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
    }
}
