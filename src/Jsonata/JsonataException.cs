using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>
/// A JSONata syntax or evaluation error with the reference implementation's code (S0201, T0410, D3030, ...)
/// and its message, filled in from the fields the error carries.
/// </summary>
public sealed partial class JsonataException : Exception
{
    public JsonataException(string code)
    {
        Code = code;
    }

    public JsonataException()
        : this("D0000")
    {
    }

    public JsonataException(string code, string message)
        : this(code)
    {
        Detail = message;
    }

    public JsonataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "D0000";
        Detail = message;
    }

    public string Code { get; }

    /// <summary>Character offset in the expression where the error arose, when known.</summary>
    public int? Position { get; set; }

    /// <summary>The token (operator, function name) the error is about, when known.</summary>
    public string? Token { get; set; }

    internal object? Value { get; set; }

    internal bool HasValue { get; set; }

    internal object? Value2 { get; set; }

    internal int? Index { get; set; }

    internal string? TypeName { get; set; }

    internal object? Exponent { get; set; }

    internal string? FunctionName { get; set; }

    /// <summary>The message of $error/$assert, or a message given directly.</summary>
    internal string? Detail { get; set; }

    public override string Message => Format();

    internal JsonataException WithValue(object? value)
    {
        Value = value;
        HasValue = true;
        return this;
    }

    internal JsonataException At(int? position, string? token = null)
    {
        Position ??= position;
        Token ??= token;
        return this;
    }

    private string Format()
    {
        if (!ErrorMessages.Templates.TryGetValue(Code, out var template))
        {
            return Detail ?? Code;
        }
        var text = TripleBraces().Replace(template, m => Field(m.Groups[1].Value, json: false));
        return DoubleBraces().Replace(text, m => Field(m.Groups[1].Value, json: true));
    }

    private string Field(string name, bool json)
    {
        object? value = name switch
        {
            "token" => Token,
            "value" => Value,
            "value2" => Value2,
            "index" => Index is { } i ? (double)i : null,
            "type" => TypeName,
            "exp" => Exponent,
            "functionName" => FunctionName,
            "message" => Detail,
            _ => null,
        };
        if (value is null)
        {
            return json ? "undefined" : "undefined";
        }
        if (!json)
        {
            return value is string s ? s : JsonWriter.Stringify(value, false);
        }
        return JsonWriter.Stringify(value, false);
    }

    [GeneratedRegex(@"\{\{\{([^}]+)}}}")]
    private static partial Regex TripleBraces();

    [GeneratedRegex(@"\{\{([^}]+)}}")]
    private static partial Regex DoubleBraces();
}
