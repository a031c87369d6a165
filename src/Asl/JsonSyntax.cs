using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Asl;

/// <summary>
/// Reads JSON text the way Step Functions does and words its syntax errors as AWS's parser
/// (Jackson) does: "Unrecognized token 'not': was expecting (...)" with "[Source: (String)"...";
/// line: 1, column: 4]". Also finds a key repeated in one object and nesting deeper than 256 levels.
/// </summary>
internal static class JsonSyntax
{
    public const int MaxDepth = 256;

    private const string ValueExpected = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    /// <summary>A syntax problem: AWS's reason, the Jackson location text, its kind, and (for a repeated key) where it is as /a/b[0]/c.</summary>
    internal sealed record Problem(string Reason, string Location, ProblemKind Kind, string? Path = null);

    internal enum ProblemKind
    {
        Syntax,
        DuplicateKey,
        TooDeep,
    }

    /// <summary>The first problem in <paramref name="text"/>, or null when it is well-formed JSON.</summary>
    public static Problem? Check(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth + 64 });
        var containers = new Stack<Container>();
        string? key = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = containers.TryPeek(out var parent) ? parent.ChildPath(key) : string.Empty;
                        containers.Push(new Container(reader.TokenType == JsonTokenType.StartObject, path));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.Pop();
                        Completed(containers);
                        break;
                    case JsonTokenType.PropertyName:
                        key = reader.GetString()!;
                        if (!containers.Peek().Keys!.Add(key))
                        {
                            var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
                            return new Problem($"Duplicate field '{key}'", Source(text, line, column), ProblemKind.DuplicateKey, containers.Peek().ChildPath(key));
                        }

                        break;
                    case JsonTokenType.String:
                        // Decodes the escapes: a lone surrogate ("\ud800") has no .NET string.
                        _ = reader.GetString();
                        Completed(containers);
                        break;
                    default:
                        Completed(containers);
                        break;
                }

                if (reader.CurrentDepth >= MaxDepth)
                {
                    var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
                    return new Problem($"The definition nests deeper than {MaxDepth} levels", Source(text, line, column), ProblemKind.TooDeep);
                }
            }
        }
        catch (JsonException e)
        {
            return Describe(text, bytes, e);
        }
        catch (InvalidOperationException)
        {
            var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
            return new Problem("Invalid string: a lone UTF-16 surrogate (\\uD800-\\uDFFF escape without its pair)", Source(text, line, column), ProblemKind.Syntax);
        }

        return null;
    }

    /// <summary>
    /// Parses well-formed JSON as AWS's parser does where a key repeats in an object: the last
    /// value wins (System.Text.Json's JsonObject refuses repeated keys).
    /// </summary>
    public static JsonNode? ParseLastWins(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = MaxDepth + 64 });
        reader.Read();
        return ReadValue(ref reader);
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    obj[name] = ReadValue(ref reader);
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader));
                }

                return array;
            case JsonTokenType.Null:
                return null;
            default:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return JsonNode.Parse(document.RootElement.GetRawText());
                }
        }
    }

    private static void Completed(Stack<Container> containers)
    {
        if (containers.TryPeek(out var container) && !container.IsObject)
        {
            container.Index++;
        }
    }

    /// <summary>An open object or array while reading: its keys so far, its path, its next element index.</summary>
    private sealed class Container(bool isObject, string path)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public int Index { get; set; }

        public string ChildPath(string? key) => IsObject ? $"{path}/{key}" : $"{path}[{Index}]";
    }

    /// <summary>AWS's wording for the syntax error .NET found; the reason alone is what InvalidExecutionInput quotes.</summary>
    private static Problem Describe(string text, byte[] bytes, JsonException e)
    {
        var offset = Offset(bytes, (int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0));
        var index = Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(offset, bytes.Length));
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        if (index >= text.Length)
        {
            var (endLine, endColumn) = Position(text, text.Length);
            return new Problem(text.Trim().Length == 0 ? "No content to map due to end-of-input" : "Unexpected end-of-input", Source(text, endLine, endColumn), ProblemKind.Syntax);
        }

        var c = text[index];
        if (char.IsLetter(c))
        {
            // .NET points inside a bad literal ("nxt" at 'x'); Jackson names the whole token.
            while (index > 0 && char.IsLetterOrDigit(text[index - 1]))
            {
                index--;
            }

            var end = index;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not (',' or ':' or ']' or '}' or '[' or '{' or '"'))
            {
                end++;
            }

            var (line, column) = Position(text, end);
            return new Problem($"Unrecognized token '{text[index..end]}': {ValueExpected}", Source(text, line, column), ProblemKind.Syntax);
        }

        var (charLine, charColumn) = Position(text, index);
        var expecting = InKeyPosition(text, index)
            ? "was expecting double-quote to start field name"
            : "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
        return new Problem($"Unexpected character ('{c}' (code {(int)c})): {expecting}", Source(text, charLine, charColumn + 1), ProblemKind.Syntax);
    }

    /// <summary>True when the previous significant character opens an object or separates its members.</summary>
    private static bool InKeyPosition(string text, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c == '{')
            {
                return true;
            }

            if (c == ',' && depth == 0)
            {
                // A comma in an object precedes a key; in an array, a value.
                for (var j = i - 1; j >= 0; j--)
                {
                    if (text[j] is '{' or ':')
                    {
                        return true;
                    }

                    if (text[j] == '[')
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        return false;
    }

    /// <summary>Jackson's "[Source: (String)"..."; line: L, column: C]", the source cut at 500 characters.</summary>
    private static string Source(string text, int line, int column)
    {
        var shown = text.Length > 500 ? $"{text[..500]}\"[truncated {text.Length - 500} chars]" : text + "\"";
        return $"[Source: (String)\"{shown}; line: {line}, column: {column}]";
    }

    private static int Offset(byte[] bytes, int line, int byteInLine)
    {
        var offset = 0;
        for (var l = 0; l < line && offset < bytes.Length; offset++)
        {
            if (bytes[offset] == '\n')
            {
                l++;
            }
        }

        return offset + byteInLine;
    }

    private static (int Line, int Column) Position(byte[] bytes, int byteOffset)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(byteOffset, bytes.Length));
        return Position(text, text.Length);
    }

    /// <summary>1-based line and column of the character at <paramref name="index"/>.</summary>
    private static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
