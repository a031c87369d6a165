using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.LocalCloud.Logs;

/// <summary>
/// A CloudWatch Logs filter pattern (FilterLogEvents' <c>filterPattern</c>): terms that must all appear
/// (case-sensitive; quoted for phrases), <c>?term</c> alternatives, <c>-term</c> exclusions, and JSON
/// patterns such as <c>{ $.level = "ERROR" &amp;&amp; $.latency &gt; 100 }</c>. Space-delimited patterns
/// (<c>[ip, user, ...]</c>) are refused with a clear error.
/// </summary>
internal abstract class FilterPattern
{
    public abstract bool Matches(string message);

    public static FilterPattern Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new TermsPattern([], [], []);
        }
        var trimmed = text.Trim();
        if (trimmed[0] == '{')
        {
            return new JsonPattern(JsonPatternParser.Parse(trimmed));
        }
        if (trimmed[0] == '[')
        {
            throw LogsErrors.Invalid("Invalid filter pattern: space-delimited patterns ([field, ...]) are not supported by the Sluice local cloud; use terms or a JSON pattern.");
        }
        return ParseTerms(trimmed);
    }

    private static TermsPattern ParseTerms(string text)
    {
        List<string> all = [], any = [], none = [];
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var list = all;
            if (text[i] == '?')
            {
                list = any;
                i++;
            }
            else if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                list = none;
                i++;
            }
            string term;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw LogsErrors.Invalid("Invalid filter pattern: a quoted term is not closed.");
                }
                term = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
                term = text[start..i];
            }
            if (term.Length > 0)
            {
                list.Add(term);
            }
        }
        if (any.Count > 0 && (all.Count > 0 || none.Count > 0))
        {
            throw LogsErrors.Invalid("Invalid filter pattern: ?term alternatives cannot be combined with other terms.");
        }
        return new TermsPattern(all, any, none);
    }

    private sealed class TermsPattern(List<string> all, List<string> any, List<string> none) : FilterPattern
    {
        public override bool Matches(string message) =>
            all.TrueForAll(t => message.Contains(t, StringComparison.Ordinal))
            && (any.Count == 0 || any.Exists(t => message.Contains(t, StringComparison.Ordinal)))
            && !none.Exists(t => message.Contains(t, StringComparison.Ordinal));
    }

    private sealed class JsonPattern(JsonCondition condition) : FilterPattern
    {
        public override bool Matches(string message)
        {
            var start = message.IndexOf('{');
            if (start < 0)
            {
                return false;
            }
            try
            {
                using var document = JsonDocument.Parse(message.AsMemory(start));
                return condition.Matches(document.RootElement);
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}

/// <summary>One node of a JSON filter pattern.</summary>
internal abstract record JsonCondition
{
    public abstract bool Matches(JsonElement root);

    public sealed record And(JsonCondition Left, JsonCondition Right) : JsonCondition
    {
        public override bool Matches(JsonElement root) => Left.Matches(root) && Right.Matches(root);
    }

    public sealed record Or(JsonCondition Left, JsonCondition Right) : JsonCondition
    {
        public override bool Matches(JsonElement root) => Left.Matches(root) || Right.Matches(root);
    }

    /// <summary><c>$.a.b[0] op value</c>, <c>IS TRUE/FALSE/NULL</c>, <c>NOT EXISTS</c>.</summary>
    public sealed record Compare(IReadOnlyList<object> Path, string Operator, string? Text, double? Number) : JsonCondition
    {
        public override bool Matches(JsonElement root)
        {
            var found = Select(root, out var value);
            return Operator switch
            {
                "NOT EXISTS" => !found,
                "IS NULL" => found && value.ValueKind == JsonValueKind.Null,
                "IS TRUE" => found && value.ValueKind == JsonValueKind.True,
                "IS FALSE" => found && value.ValueKind == JsonValueKind.False,
                _ when !found => false,
                _ when Number is { } n => value.ValueKind == JsonValueKind.Number && CompareNumber(value.GetDouble(), n),
                "=" => value.ValueKind == JsonValueKind.String && Wildcard(value.GetString()!, Text!),
                "!=" => value.ValueKind == JsonValueKind.String && !Wildcard(value.GetString()!, Text!),
                _ => false,
            };
        }

        private bool CompareNumber(double actual, double expected) => Operator switch
        {
            "=" => actual == expected,
            "!=" => actual != expected,
            "<" => actual < expected,
            "<=" => actual <= expected,
            ">" => actual > expected,
            ">=" => actual >= expected,
            _ => false,
        };

        private bool Select(JsonElement root, out JsonElement value)
        {
            value = root;
            foreach (var step in Path)
            {
                if (step is string name)
                {
                    if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                    {
                        return false;
                    }
                }
                else
                {
                    var index = (int)step;
                    if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
                    {
                        return false;
                    }
                    value = value[index];
                }
            }
            return true;
        }

        private static bool Wildcard(string actual, string pattern)
        {
            if (!pattern.Contains('*'))
            {
                return actual == pattern;
            }
            var parts = pattern.Split('*');
            var at = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                if (i == 0)
                {
                    if (!actual.StartsWith(part, StringComparison.Ordinal))
                    {
                        return false;
                    }
                    at = part.Length;
                }
                else if (i == parts.Length - 1)
                {
                    return actual.Length - at >= part.Length && actual.EndsWith(part, StringComparison.Ordinal);
                }
                else
                {
                    var found = actual.IndexOf(part, at, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        return false;
                    }
                    at = found + part.Length;
                }
            }
            return true;
        }
    }
}

/// <summary>Reads <c>{ condition }</c> with <c>&amp;&amp;</c>, <c>||</c> and parentheses.</summary>
internal sealed class JsonPatternParser
{
    private readonly string _text;
    private int _at;

    private JsonPatternParser(string text) => _text = text;

    public static JsonCondition Parse(string text)
    {
        var parser = new JsonPatternParser(text);
        parser.Expect('{');
        var condition = parser.ParseOr();
        parser.Expect('}');
        parser.SkipSpace();
        if (parser._at != text.Length)
        {
            throw parser.Error("unexpected text after the closing brace");
        }
        return condition;
    }

    private JsonCondition ParseOr()
    {
        var left = ParseAnd();
        while (TryTake("||"))
        {
            left = new JsonCondition.Or(left, ParseAnd());
        }
        return left;
    }

    private JsonCondition ParseAnd()
    {
        var left = ParsePrimary();
        while (TryTake("&&"))
        {
            left = new JsonCondition.And(left, ParsePrimary());
        }
        return left;
    }

    private JsonCondition ParsePrimary()
    {
        if (TryTake("("))
        {
            var inner = ParseOr();
            Expect(')');
            return inner;
        }
        var path = ParseSelector();
        foreach (var keyword in new[] { "IS TRUE", "IS FALSE", "IS NULL", "NOT EXISTS" })
        {
            if (TryTake(keyword))
            {
                return new JsonCondition.Compare(path, keyword, null, null);
            }
        }
        var op = new[] { "!=", "<=", ">=", "=", "<", ">" }.FirstOrDefault(TryTake) ?? throw Error("expected an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS)");
        SkipSpace();
        if (_at < _text.Length && _text[_at] == '"')
        {
            var end = _text.IndexOf('"', _at + 1);
            if (end < 0)
            {
                throw Error("a quoted value is not closed");
            }
            var quoted = _text[(_at + 1)..end];
            _at = end + 1;
            return op is "=" or "!=" ? new JsonCondition.Compare(path, op, quoted, null) : throw Error($"{op} compares numbers only");
        }
        var start = _at;
        while (_at < _text.Length && !char.IsWhiteSpace(_text[_at]) && _text[_at] is not ('&' or '|' or ')' or '}'))
        {
            _at++;
        }
        var bare = _text[start.._at];
        if (bare.Length == 0)
        {
            throw Error("expected a value");
        }
        if (double.TryParse(bare, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new JsonCondition.Compare(path, op, null, number);
        }
        return op is "=" or "!=" ? new JsonCondition.Compare(path, op, bare, null) : throw Error($"{op} compares numbers only");
    }

    private List<object> ParseSelector()
    {
        SkipSpace();
        if (!TryTake("$"))
        {
            throw Error("expected a selector starting with $");
        }
        var path = new List<object>();
        while (_at < _text.Length)
        {
            if (_text[_at] == '.')
            {
                _at++;
                var start = _at;
                while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '_' or '-' or '@' or ':'))
                {
                    _at++;
                }
                if (_at == start)
                {
                    throw Error("expected a property name after .");
                }
                path.Add(_text[start.._at]);
            }
            else if (_text[_at] == '[')
            {
                var end = _text.IndexOf(']', _at);
                if (end < 0 || !int.TryParse(_text.AsSpan(_at + 1, end - _at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw Error("expected an array index like [0]");
                }
                path.Add(index);
                _at = end + 1;
            }
            else
            {
                break;
            }
        }
        return path.Count > 0 ? path : throw Error("a selector names a property, e.g. $.level");
    }

    private bool TryTake(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0)
        {
            _at += token.Length;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryTake(c.ToString()))
        {
            throw Error($"expected '{c}'");
        }
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private Protocol.AwsServiceException Error(string what)
    {
        var shown = new StringBuilder(_text.Length + 4).Append(_text, 0, _at).Append(" >>").Append(_text, _at, _text.Length - _at);
        return LogsErrors.Invalid($"Invalid filter pattern: {what} at position {_at.ToString(CultureInfo.InvariantCulture)}: {shown}");
    }
}
