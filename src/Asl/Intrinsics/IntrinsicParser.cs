using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Intrinsics;

/// <summary>Parses <c>States.Name(arg, ...)</c> with string literals in single quotes and AWS's escapes.</summary>
internal static class IntrinsicParser
{
    public static bool LooksLikeCall(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static IntrinsicExpression.Call Parse(string text)
    {
        var pos = 0;
        var call = ParseCall(text, ref pos);
        SkipSpaces(text, ref pos);
        if (pos != text.Length)
        {
            throw new FormatException($"Unexpected text after the intrinsic function call at position {pos}: '{text}'");
        }

        return call;
    }

    private static IntrinsicExpression.Call ParseCall(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '.'))
        {
            pos++;
        }

        var name = text[start..pos];
        if (!IntrinsicFunctions.IsKnown(name))
        {
            throw new FormatException($"Unknown intrinsic function '{name}' in '{text}'");
        }

        SkipSpaces(text, ref pos);
        if (pos >= text.Length || text[pos] != '(')
        {
            throw new FormatException($"Expected '(' after '{name}' in '{text}'");
        }

        pos++;
        var args = new List<IntrinsicExpression>();
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == ')')
        {
            pos++;
            return new IntrinsicExpression.Call(name, args);
        }

        while (true)
        {
            SkipSpaces(text, ref pos);
            args.Add(ParseArgument(text, ref pos));
            SkipSpaces(text, ref pos);
            if (pos >= text.Length)
            {
                throw new FormatException($"Unclosed argument list of '{name}' in '{text}'");
            }

            if (text[pos] == ',')
            {
                pos++;
                continue;
            }

            if (text[pos] == ')')
            {
                pos++;
                return new IntrinsicExpression.Call(name, args);
            }

            throw new FormatException($"Unexpected '{text[pos]}' in the arguments of '{name}' in '{text}'");
        }
    }

    private static IntrinsicExpression ParseArgument(string text, ref int pos)
    {
        if (pos >= text.Length)
        {
            throw new FormatException($"Missing argument in '{text}'");
        }

        var c = text[pos];
        if (c == '\'')
        {
            var (value, template) = ParseString(text, ref pos);
            return new IntrinsicExpression.Literal(JsonValue.Create(value), template);
        }

        if (c == '$')
        {
            return new IntrinsicExpression.Path(ReadPath(text, ref pos));
        }

        if (text.AsSpan(pos).StartsWith("States.", StringComparison.Ordinal))
        {
            return ParseCall(text, ref pos);
        }

        var start = pos;
        while (pos < text.Length && text[pos] is not (',' or ')' or ' '))
        {
            pos++;
        }

        var token = text[start..pos];
        return token switch
        {
            "true" => new IntrinsicExpression.Literal(JsonValue.Create(true)),
            "false" => new IntrinsicExpression.Literal(JsonValue.Create(false)),
            "null" => new IntrinsicExpression.Literal(null),
            _ when long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new IntrinsicExpression.Literal(JsonValue.Create(l)),
            _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new IntrinsicExpression.Literal(JsonValue.Create(d)),
            _ => throw new FormatException($"Invalid argument '{token}' in '{text}'"),
        };
    }

    private static string ReadPath(string text, ref int pos)
    {
        var start = pos;
        var depth = 0;
        var quote = '\0';
        while (pos < text.Length)
        {
            var c = text[pos];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"' && depth > 0)
            {
                quote = c;
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if ((c == ',' || c == ' ') && depth == 0)
            {
                break;
            }

            pos++;
        }

        return text[start..pos];
    }

    private static (string Value, string Template) ParseString(string text, ref int pos)
    {
        pos++;
        var sb = new StringBuilder();
        var template = new StringBuilder();
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '\\')
            {
                if (pos + 1 >= text.Length)
                {
                    break;
                }

                var next = text[pos + 1];
                if (next is not ('\'' or '{' or '}' or '\\'))
                {
                    throw new FormatException($"Invalid escape sequence '\\{next}' in '{text}'");
                }

                // The template keeps \{ and \} escaped so States.Format can tell a literal brace from a placeholder.
                if (next is '{' or '}')
                {
                    template.Append('\\');
                }

                sb.Append(next);
                template.Append(next);
                pos += 2;
                continue;
            }

            if (c == '\'')
            {
                pos++;
                return (sb.ToString(), template.ToString());
            }

            sb.Append(c);
            template.Append(c);
            pos++;
        }

        throw new FormatException($"Unterminated string literal in '{text}'");
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && text[pos] == ' ')
        {
            pos++;
        }
    }
}
