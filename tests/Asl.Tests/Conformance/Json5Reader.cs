using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>
/// The JSON5 the recorded templates use, turned into JSON: comments, unquoted keys, single-quoted
/// strings and trailing commas. Anything else is left for the JSON parser to reject.
/// </summary>
internal static class Json5Reader
{
    public static JsonNode? Parse(string json5) => JsonNode.Parse(ToJson(json5));

    public static string ToJson(string text)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = CopyString(text, i, sb);
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException("Unterminated block comment in JSON5.");
                }

                i = end + 2;
            }
            else if (c == ',' && NextSignificant(text, i + 1) is '}' or ']')
            {
                i++;
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                var word = text[start..i];
                var isKey = NextSignificant(text, i) == ':' && word is not ("true" or "false" or "null");
                sb.Append(isKey ? $"\"{word}\"" : word);
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    private static int CopyString(string text, int i, StringBuilder sb)
    {
        var quote = text[i++];
        sb.Append('"');
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                // \' is only an escape inside single quotes; JSON has no such escape.
                if (text[i + 1] == '\'')
                {
                    sb.Append('\'');
                }
                else
                {
                    sb.Append(text, i, 2);
                }

                i += 2;
                continue;
            }

            if (text[i] == '"' && quote == '\'')
            {
                sb.Append("\\\"");
            }
            else
            {
                sb.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            throw new FormatException("Unterminated string in JSON5.");
        }

        sb.Append('"');
        return i + 1;
    }

    private static char NextSignificant(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                return text[i];
            }
        }

        return '\0';
    }
}
