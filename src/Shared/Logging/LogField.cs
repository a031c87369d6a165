using System.Globalization;
using System.Text.Json;

namespace Sluice.Shared.Logging;

/// <summary>
/// One structured value on a log line. Written as its JSON type (string, number, bool), never
/// boxed, and convertible from a tuple so call sites read <c>("record_count", 10)</c>.
/// </summary>
public readonly struct LogField
{
    private readonly string? _text;
    private readonly double _number;
    private readonly Kind _kind;

    private LogField(string name, Kind kind, string? text, double number)
    {
        Name = name;
        _kind = kind;
        _text = text;
        _number = number;
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
        switch (_kind)
        {
            case Kind.Text: writer.WriteString(Name, _text); break;
            case Kind.Number: writer.WriteNumber(Name, _number); break;
            case Kind.True: writer.WriteBoolean(Name, true); break;
            case Kind.False: writer.WriteBoolean(Name, false); break;
            default: writer.WriteNull(Name); break;
        }
    }

    /// <summary>The value as it appears when rendered into a message template.</summary>
    public override string ToString() => _kind switch
    {
        Kind.Text => _text!,
        Kind.Number => _number.ToString(CultureInfo.InvariantCulture),
        Kind.True => "true",
        Kind.False => "false",
        _ => "null",
    };
}
