using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// A leaf value of a message or policy: string, number, boolean or null. Numbers are held to five
/// digits after the decimal point, the accuracy SNS matches them at (0.000001 equals 0.000004).
/// </summary>
internal readonly record struct FilterValue(JsonValueKind Kind, string? Text, double? Number)
{
    public bool IsString => Kind == JsonValueKind.String;

    public static FilterValue String(string s) => new(JsonValueKind.String, s, null);

    public static FilterValue Of(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => new(JsonValueKind.String, e.GetString(), null),
        JsonValueKind.Number => OfNumber(e.GetRawText(), e.GetDouble()),
        JsonValueKind.True or JsonValueKind.False => new(e.ValueKind, e.ValueKind == JsonValueKind.True ? "true" : "false", null),
        _ => new(JsonValueKind.Null, null, null),
    };

    public static FilterValue OfNumber(string text, double value) => new(JsonValueKind.Number, text, Accurate(value));

    /// <summary>A number as SNS compares it: rounded to five decimal places.</summary>
    public static double Accurate(double value) => Math.Round(value, 5, MidpointRounding.AwayFromZero);

    public bool SameAs(FilterValue other) => Kind switch
    {
        JsonValueKind.Number => other.Number is { } n && n == Number,
        JsonValueKind.String => other.IsString && other.Text == Text,
        _ => other.Kind == Kind,
    };
}
