using System.Buffers;
using System.Text.Json;

namespace Sluice.Shared.Logging;

/// <summary>
/// Writes one JSON object per line to a stream (stdout in Lambda, where each line becomes one
/// CloudWatch Logs event). Log lines and EMF metric lines share it so they never interleave.
/// </summary>
public sealed class JsonLineSink(Stream output)
{
    private static readonly JsonWriterOptions s_options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public static JsonLineSink StandardOutput { get; } = new(Console.OpenStandardOutput());

    public void Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeObject)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer, s_options))
            {
                writer.WriteStartObject();
                writeObject(writer, state);
                writer.WriteEndObject();
            }

            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            output.Write(_buffer.WrittenSpan);
            output.Flush();
        }
    }
}
