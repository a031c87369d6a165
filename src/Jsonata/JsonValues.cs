using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Jsonata;

/// <summary>Converts between System.Text.Json and JSONata values (double, string, bool, JsonataNull, arrays, objects).</summary>
public static class JsonValues
{
    public static object? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    public static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromObject(element),
        JsonValueKind.Array => new JsonataArray(element.EnumerateArray().Select(FromElement)),
        JsonValueKind.String => StringOf(element),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => JsonataNull.Value,
        _ => null,
    };

    /// <summary>The string's value, including lone surrogates (which JavaScript strings allow and System.Text.Json refuses).</summary>
    public static string StringOf(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = element.GetRawText();
            var text = new System.Text.StringBuilder();
            for (var i = 1; i < raw.Length - 1; i++)
            {
                var c = raw[i];
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }
                var escape = raw[++i];
                switch (escape)
                {
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u':
                        text.Append((char)int.Parse(raw.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: text.Append(escape); break;
                }
            }
            return text.ToString();
        }
    }

    private static JsonataObject FromObject(JsonElement element)
    {
        var obj = new JsonataObject();
        foreach (var property in element.EnumerateObject())
        {
            obj[property.Name] = FromElement(property.Value);
        }
        return obj;
    }

    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JsonataNull.Value;
            case JsonObject obj:
                var result = new JsonataObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = FromNode(value);
                }
                return result;
            case JsonArray array:
                return new JsonataArray(array.Select(FromNode));
            default:
                var element = node.AsValue();
                return element.GetValueKind() switch
                {
                    JsonValueKind.String => element.GetValue<string>(),
                    JsonValueKind.Number => element.TryGetValue<double>(out var d) ? d : double.Parse(element.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => JsonataNull.Value,
                };
        }
    }

    /// <summary>A JSONata value as JSON; undefined gives C# null, functions become "" as JSON.stringify writes them.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null or JsonataNull => null,
        double d => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        JsonataArray array => new JsonArray(array.Select(ToNode).ToArray()),
        JsonataObject obj => ToObject(obj),
        JsonataFunction => JsonValue.Create(""),
        _ => null,
    };

    private static JsonObject ToObject(JsonataObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (value is not null)
            {
                result[key] = ToNode(value);
            }
        }
        return result;
    }

    /// <summary>The value as JSON text, as JSON.stringify writes it (numbers keep full precision).</summary>
    public static string Stringify(object? value) => JsonWriter.Stringify(value, pretty: false, roundNumbers: false);
}
