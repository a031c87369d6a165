using System.Text;
using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// Walks a filter policy token by token, in the order AWS's (Jackson-based) parser does, so that a bad
/// policy is reported with AWS's reason and AWS's position suffix
/// (<c>\n at [Source: (String)"..."; line: L, column: C]</c>). Jackson reads a string value lazily:
/// right after its field name only the opening quote is consumed, which is where it reports from.
/// </summary>
internal ref struct FilterPolicyValidator
{
    private static readonly string[] s_numericOperators = ["=", "<", "<=", ">", ">="];
    private readonly string _policy;
    private readonly byte[] _bytes;
    private Utf8JsonReader _reader;

    private FilterPolicyValidator(string policy)
    {
        _policy = policy;
        _bytes = Encoding.UTF8.GetBytes(policy);
        _reader = new Utf8JsonReader(_bytes, new JsonReaderOptions { MaxDepth = 64 });
    }

    /// <summary>Throws <see cref="FilterPolicyException"/> for the first problem AWS would report with a position.</summary>
    public static void Validate(string policy)
    {
        var validator = new FilterPolicyValidator(policy);
        try
        {
            validator.Run();
        }
        catch (JsonException)
        {
            // Malformed JSON: the structural parse that follows reports it.
        }
    }

    private void Run()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        ValidateObject();
    }

    private readonly long Lazy => _reader.TokenType == JsonTokenType.String ? _reader.TokenStartIndex + 1 : _reader.BytesConsumed;

    private readonly FilterPolicyException Error(string reason, long consumed)
    {
        var prefix = Encoding.UTF8.GetString(_bytes, 0, (int)consumed);
        var line = prefix.Count(c => c == '\n') + 1;
        var column = prefix.Length - (prefix.LastIndexOf('\n') + 1) + 1;
        return new FilterPolicyException($"{reason}\n at [Source: (String)\"{_policy}\"; line: {line}, column: {column}]");
    }

    private void ValidateObject()
    {
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = _reader.GetString()!;
            _reader.Read();
            if (name == "$or")
            {
                ValidateOr();
                continue;
            }
            switch (_reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    ValidateConditions();
                    break;
                case JsonTokenType.StartObject:
                    ValidateObject();
                    break;
                default:
                    throw Error($"\"{name}\" must be an object or an array", Lazy);
            }
        }
    }

    private void ValidateOr()
    {
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            _reader.Skip();
            return;
        }
        while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            if (_reader.TokenType == JsonTokenType.StartObject)
            {
                ValidateObject();
            }
            else
            {
                _reader.Skip();
            }
        }
    }

    private void ValidateConditions()
    {
        var empty = true;
        while (_reader.Read())
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    if (empty)
                    {
                        throw Error("Empty arrays are not allowed", _reader.BytesConsumed);
                    }
                    return;
                case JsonTokenType.StartArray:
                    throw Error("Match value must be String, number, true, false, or null", _reader.BytesConsumed);
                case JsonTokenType.StartObject:
                    ValidateOperator();
                    break;
            }
            empty = false;
        }
    }

    private void ValidateOperator()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.PropertyName)
        {
            return;
        }
        var op = _reader.GetString()!;
        _reader.Read();
        var at = Lazy;
        switch (op)
        {
            case "prefix" or "suffix" or "equals-ignore-case" or "cidr":
                if (_reader.TokenType != JsonTokenType.String)
                {
                    // AWS words a non-string CIDR with the prefix operator's message.
                    throw Error($"{(op == "cidr" ? "prefix" : op)} match pattern must be a string", at);
                }
                break;
            case "exists":
                if (_reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    throw Error("exists match pattern must be either true or false.", at);
                }
                break;
            case "anything-but":
                ValidateAnythingBut(at);
                break;
            case "numeric":
                if (_reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Error("Value of numeric must be an array.", at);
                }
                ValidateNumeric();
                break;
            default:
                throw Error($"Unrecognized match type {op}", at);
        }
        if (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            _reader.Read();
            throw Error("Only one key allowed in match expression", Lazy);
        }
    }

    private void ValidateAnythingBut(long at)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.Number:
                return;
            case JsonTokenType.StartArray:
                while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
                {
                    if (_reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                    {
                        throw Error("Inside anything but list, start|null|boolean is not supported.", _reader.BytesConsumed);
                    }
                }
                return;
            case JsonTokenType.StartObject:
                if (!_reader.Read() || _reader.TokenType != JsonTokenType.PropertyName)
                {
                    return;
                }
                var inner = _reader.GetString()!;
                _reader.Read();
                var innerAt = Lazy;
                if (inner is not ("prefix" or "equals-ignore-case"))
                {
                    throw Error($"Unsupported anything-but pattern: {inner}", innerAt);
                }
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw Error($"{inner} match pattern must be a string", innerAt);
                }
                if (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
                {
                    _reader.Read();
                    throw Error("Only one key allowed in match expression", Lazy);
                }
                return;
            default:
                throw Error("Value of anything-but must be an array or single string/number value.", at);
        }
    }

    private void ValidateNumeric()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.EndArray)
        {
            throw Error("Invalid member in numeric match: ]", _reader.BytesConsumed);
        }
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Error($"Invalid member in numeric match: {Raw()}", _reader.BytesConsumed);
        }
        var first = _reader.GetString()!;
        _reader.Read();
        if (!s_numericOperators.Contains(first))
        {
            throw Error($"Unrecognized numeric range operator: {first}", Lazy);
        }
        if (_reader.TokenType != JsonTokenType.Number)
        {
            throw Error($"Value of {(first == "=" ? "equals" : first)} must be numeric", Lazy);
        }
        var bottom = _reader.GetDouble();
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.EndArray)
        {
            return;
        }
        if (first is "=" or "<" or "<=")
        {
            throw Error("Too many elements in numeric expression", Lazy);
        }
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Error($"Bad value in numeric range: {Raw()}", _reader.BytesConsumed);
        }
        var second = _reader.GetString()!;
        if (second is not ("<" or "<="))
        {
            throw Error($"Bad numeric range operator: {second}", _reader.BytesConsumed);
        }
        _reader.Read();
        if (_reader.TokenType != JsonTokenType.Number)
        {
            throw Error($"Value of {second} must be numeric", Lazy);
        }
        var top = _reader.GetDouble();
        _reader.Read();
        if (_reader.TokenType != JsonTokenType.EndArray)
        {
            throw Error("Too many terms in numeric range expression", Lazy);
        }
        if (bottom >= top)
        {
            throw Error("Bottom must be less than top", _reader.BytesConsumed);
        }
    }

    private readonly string Raw() => Encoding.UTF8.GetString(_reader.ValueSpan);
}
