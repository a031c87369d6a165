using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.JsonPath;

internal sealed partial class JsonPathExpression
{
    /// <summary>Reads path segments and filter expressions from the text after the root symbol.</summary>
    private sealed class PathReader(string text, int position)
    {
        private int _pos = position;

        public bool AtEnd => _pos >= text.Length;

        public List<JsonPathSegment> ReadSegments(bool stopAtClose)
        {
            var segments = new List<JsonPathSegment>();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (stopAtClose && (c is ')' or ' ' or '=' or '!' or '<' or '>' or '&' or '|'))
                {
                    break;
                }

                if (c == '.')
                {
                    if (_pos + 1 < text.Length && text[_pos + 1] == '.')
                    {
                        _pos += 2;
                        JsonPathSegment inner;
                        if (_pos < text.Length && text[_pos] == '[')
                        {
                            inner = ReadBracket();
                        }
                        else if (_pos < text.Length && text[_pos] == '*')
                        {
                            _pos++;
                            inner = new JsonPathSegment.Wildcard();
                        }
                        else
                        {
                            inner = new JsonPathSegment.Child(ReadName());
                        }

                        segments.Add(new JsonPathSegment.Descendant(inner));
                        continue;
                    }

                    _pos++;
                    if (_pos < text.Length && text[_pos] == '*')
                    {
                        _pos++;
                        segments.Add(new JsonPathSegment.Wildcard());
                        continue;
                    }

                    if (_pos < text.Length && text[_pos] == '[')
                    {
                        segments.Add(ReadBracket());
                        continue;
                    }

                    var name = ReadName();
                    if (name == "length" && _pos + 1 < text.Length && text[_pos] == '(' && text[_pos + 1] == ')')
                    {
                        _pos += 2;
                        segments.Add(new JsonPathSegment.Length());
                        continue;
                    }

                    segments.Add(new JsonPathSegment.Child(name));
                }
                else if (c == '[')
                {
                    segments.Add(ReadBracket());
                }
                else
                {
                    throw new FormatException($"Invalid JSONPath '{text}': unexpected '{c}' at position {_pos}");
                }
            }

            return segments;
        }

        private string ReadName()
        {
            var start = _pos;
            while (_pos < text.Length && text[_pos] is not ('.' or '[' or '(' or ')' or ' ' or '=' or '!' or '<' or '>' or '&' or '|'))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw new FormatException($"Invalid JSONPath '{text}': empty property name at position {_pos}");
            }

            return text[start.._pos];
        }

        private JsonPathSegment ReadBracket()
        {
            _pos++;
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw new FormatException($"Invalid JSONPath '{text}': unclosed '['");
            }

            JsonPathSegment result;
            var c = text[_pos];
            if (c == '*')
            {
                _pos++;
                result = new JsonPathSegment.Wildcard();
            }
            else if (c == '?')
            {
                _pos++;
                SkipSpaces();
                Expect('(');
                var expr = ReadOr();
                SkipSpaces();
                Expect(')');
                result = new JsonPathSegment.Filter(expr);
            }
            else if (c is '\'' or '"')
            {
                var names = new List<string> { ReadQuoted() };
                SkipSpaces();
                while (_pos < text.Length && text[_pos] == ',')
                {
                    _pos++;
                    SkipSpaces();
                    names.Add(ReadQuoted());
                    SkipSpaces();
                }

                result = names.Count == 1 ? new JsonPathSegment.Child(names[0]) : new JsonPathSegment.Union(names, null);
            }
            else
            {
                var start = _pos;
                while (_pos < text.Length && text[_pos] != ']')
                {
                    _pos++;
                }

                var body = text[start.._pos].Replace(" ", string.Empty, StringComparison.Ordinal);
                result = ParseIndexBody(body);
            }

            SkipSpaces();
            Expect(']');
            return result;
        }

        private JsonPathSegment ParseIndexBody(string body)
        {
            if (body.Contains(':', StringComparison.Ordinal))
            {
                var parts = body.Split(':');
                if (parts.Length > 3)
                {
                    throw new FormatException($"Invalid JSONPath '{text}': bad slice '{body}'");
                }

                int? Part(int i) => i < parts.Length && parts[i].Length > 0 ? ParseInt(parts[i]) : null;
                return new JsonPathSegment.Slice(Part(0), Part(1), Part(2) ?? 1);
            }

            if (body.Contains(',', StringComparison.Ordinal))
            {
                return new JsonPathSegment.Union(null, [.. body.Split(',').Select(ParseInt)]);
            }

            return new JsonPathSegment.Index(ParseInt(body));
        }

        private int ParseInt(string s) =>
            int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
                ? i
                : throw new FormatException($"Invalid JSONPath '{text}': '{s}' is not an index");

        private string ReadQuoted()
        {
            var quote = text[_pos++];
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                // Only an escaped quote is an escape; any other backslash is part of the name (as the recordings show).
                if (text[_pos] == '\\' && _pos + 1 < text.Length && text[_pos + 1] == quote)
                {
                    _pos++;
                }

                sb.Append(text[_pos++]);
            }

            Expect(quote);
            return sb.ToString();
        }

        private void Expect(char c)
        {
            if (_pos >= text.Length || text[_pos] != c)
            {
                throw new FormatException($"Invalid JSONPath '{text}': expected '{c}' at position {_pos}");
            }

            _pos++;
        }

        private void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private FilterExpression ReadOr()
        {
            var left = ReadAnd();
            SkipSpaces();
            while (_pos + 1 < text.Length && text[_pos] == '|' && text[_pos + 1] == '|')
            {
                _pos += 2;
                left = new FilterExpression.Or(left, ReadAnd());
                SkipSpaces();
            }

            return left;
        }

        private FilterExpression ReadAnd()
        {
            var left = ReadUnary();
            SkipSpaces();
            while (_pos + 1 < text.Length && text[_pos] == '&' && text[_pos + 1] == '&')
            {
                _pos += 2;
                left = new FilterExpression.And(left, ReadUnary());
                SkipSpaces();
            }

            return left;
        }

        private FilterExpression ReadUnary()
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == '!')
            {
                _pos++;
                return new FilterExpression.Not(ReadUnary());
            }

            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos++;
                var inner = ReadOr();
                SkipSpaces();
                Expect(')');
                return inner;
            }

            var left = ReadOperand();
            SkipSpaces();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
                {
                    _pos += op.Length;
                    SkipSpaces();
                    return new FilterExpression.Compare(left, op, ReadOperand());
                }
            }

            return new FilterExpression.Exists(left);
        }

        private FilterOperand ReadOperand()
        {
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw new FormatException($"Invalid JSONPath '{text}': incomplete filter");
            }

            var c = text[_pos];
            if (c is '@' or '$')
            {
                var start = _pos;
                _pos++;
                var segments = ReadSegments(stopAtClose: true);
                return new FilterOperand.PathOperand(c == '@', new JsonPathExpression(text[start.._pos], segments));
            }

            if (c is '\'' or '"')
            {
                return new FilterOperand.Literal(JsonValue.Create(ReadQuoted()));
            }

            var s = _pos;
            while (_pos < text.Length && text[_pos] is not (' ' or ')' or '&' or '|' or '=' or '!' or '<' or '>'))
            {
                _pos++;
            }

            var token = text[s.._pos];
            return token switch
            {
                "true" => new FilterOperand.Literal(JsonValue.Create(true)),
                "false" => new FilterOperand.Literal(JsonValue.Create(false)),
                "null" => new FilterOperand.Literal(null),
                _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new FilterOperand.Literal(JsonValues.Number(d)),
                _ => throw new FormatException($"Invalid JSONPath '{text}': bad filter operand '{token}'"),
            };
        }
    }
}
