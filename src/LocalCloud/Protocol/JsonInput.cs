using System.Globalization;
using System.Text.Json;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// Typed reads from an AWS JSON request body. A member of the wrong JSON type is a
/// <c>SerializationException</c>, as AWS answers; absent members read as null.
/// </summary>
internal readonly struct JsonInput
{
    private readonly JsonElement _element;

    public JsonInput(JsonElement element) => _element = element;

    public JsonElement Element => _element;

    /// <summary>
    /// Parses a request body (an empty body is an empty object, as AWS treats it); the caller disposes
    /// the document when the request is done, which returns its pooled buffers.
    /// </summary>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw AwsServiceException.Serialization($"Request body is not valid JSON: {e.Message}");
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw AwsServiceException.Serialization("Start of structure or map expected at the top of the request body");
        }
        return doc;
    }

    private JsonElement? Member(string name, JsonValueKind kind, string expected)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != kind)
        {
            throw AwsServiceException.Serialization($"Unexpected {Describe(value.ValueKind)} for member {name}: expected {expected}");
        }
        return value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "start of structure",
        JsonValueKind.Array => "start of list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "value",
    };

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name) => Member(name, JsonValueKind.String, "a string")?.GetString();

    public long? Long(string name)
    {
        var e = Member(name, JsonValueKind.Number, "a number");
        if (e is null)
        {
            return null;
        }
        return e.Value.TryGetInt64(out var v) ? v : throw AwsServiceException.Serialization($"Member {name} is not an integer");
    }

    public int? Int(string name)
    {
        var v = Long(name);
        return v is null ? null : v is >= int.MinValue and <= int.MaxValue ? (int)v : throw AwsServiceException.Serialization($"Member {name} is out of range");
    }

    public bool? Bool(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw AwsServiceException.Serialization($"Unexpected {Describe(value.ValueKind)} for member {name}: expected a boolean"),
        };
    }

    /// <summary>A timestamp member: epoch seconds (the AWS JSON default) or an ISO-8601 string.</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e11)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }
        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }
        throw AwsServiceException.Serialization($"Member {name} is not a valid timestamp");
    }

    public byte[]? Blob(string name)
    {
        var s = String(name);
        if (s is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw AwsServiceException.Serialization($"Member {name} is not valid base64");
        }
    }

    public JsonInput? Object(string name) => Member(name, JsonValueKind.Object, "a structure") is { } e ? new JsonInput(e) : null;

    public List<JsonInput>? Array(string name)
    {
        var e = Member(name, JsonValueKind.Array, "a list");
        if (e is null)
        {
            return null;
        }
        var list = new List<JsonInput>(e.Value.GetArrayLength());
        foreach (var item in e.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw AwsServiceException.Serialization($"Unexpected {Describe(item.ValueKind)} in list {name}: expected a structure");
            }
            list.Add(new JsonInput(item));
        }
        return list;
    }

    public List<string>? StringList(string name)
    {
        var e = Member(name, JsonValueKind.Array, "a list");
        if (e is null)
        {
            return null;
        }
        var list = new List<string>();
        foreach (var item in e.Value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw AwsServiceException.Serialization($"Unexpected {Describe(item.ValueKind)} in list {name}: expected a string"));
        }
        return list;
    }

    public Dictionary<string, string>? StringMap(string name)
    {
        var e = Member(name, JsonValueKind.Object, "a map");
        if (e is null)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in e.Value.EnumerateObject())
        {
            map[p.Name] = p.Value.ValueKind == JsonValueKind.String
                ? p.Value.GetString()!
                : throw AwsServiceException.Serialization($"Unexpected {Describe(p.Value.ValueKind)} in map {name}: expected a string");
        }
        return map;
    }

    public IEnumerable<(string Name, JsonInput Value)> ObjectMap(string name)
    {
        var e = Member(name, JsonValueKind.Object, "a map");
        if (e is null)
        {
            yield break;
        }
        foreach (var p in e.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
            {
                throw AwsServiceException.Serialization($"Unexpected {Describe(p.Value.ValueKind)} in map {name}: expected a structure");
            }
            yield return (p.Name, new JsonInput(p.Value));
        }
    }
}
