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
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => JsonataNull.Value,
        _ => null,
    };

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
