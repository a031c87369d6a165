using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>
/// AWS JSON protocols send timestamps as epoch seconds, a JSON number with a fraction
/// (e.g. <c>1.6909278E9</c> or <c>1690927800.123</c>); millisecond precision is kept.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var seconds))
        {
            throw new JsonException($"Expected a timestamp in epoch seconds, found {reader.TokenType}.");
        }

        var milliseconds = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        if (milliseconds < -62135596800000m || milliseconds > 253402300799999m)
        {
            throw new JsonException($"Epoch seconds {seconds} are out of range.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
}
