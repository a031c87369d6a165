using System.Globalization;
using System.Text.Json;

namespace Sluice.Shared.Logging;

/// <summary>
/// One structured value on a log line. Written as its JSON type (string, number, bool), never
/// boxed, and convertible from a tuple so call sites read <c>("record_count", 10)</c>.
/// </summary>
public readonly struct LogField
{
    private readonly string? text;
    private readonly double number;
    private readonly Kind kind;

    private LogField(string name, Kind kind, string? text, double number)
    {
        Name = name;
        this.kind = kind;
        this.text = text;
        this.number = number;
    }

    private enum Kind : byte
    {
        Null,
        Text,
        Number,
        True,
        False,
    }

    public string Name { get; }

    public static LogField Of(string name, string? value) => new(name, value is null ? Kind.Null : Kind.Text, value, 0);

    public static LogField Of(string name, double value) => new(name, Kind.Number, null, value);

    public static LogField Of(string name, bool value) => new(name, value ? Kind.True : Kind.False, null, 0);

#pragma warning disable CA2225 // Of(...) is the named alternative.
    public static implicit operator LogField((string Name, string? Value) field) => Of(field.Name, field.Value);

    public static implicit operator LogField((string Name, long Value) field) => Of(field.Name, field.Value);

    public static implicit operator LogField((string Name, int Value) field) => Of(field.Name, field.Value);

    public static implicit operator LogField((string Name, double Value) field) => Of(field.Name, field.Value);

    public static implicit operator LogField((string Name, bool Value) field) => Of(field.Name, field.Value);
#pragma warning restore CA2225

    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (kind)
        {
            case Kind.Text: writer.WriteString(Name, text); break;
            case Kind.Number: writer.WriteNumber(Name, number); break;
            case Kind.True: writer.WriteBoolean(Name, true); break;
            case Kind.False: writer.WriteBoolean(Name, false); break;
            default: writer.WriteNull(Name); break;
        }
    }

    /// <summary>The value as it appears when rendered into a message template.</summary>
    public override string ToString() => kind switch
    {
        Kind.Text => text!,
        Kind.Number => number.ToString(CultureInfo.InvariantCulture),
        Kind.True => "true",
        Kind.False => "false",
        _ => "null",
    };
}
