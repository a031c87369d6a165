using System.Globalization;
using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>The values a filter policy looks at: message attributes, or the keys of a JSON body.</summary>
internal static class FilterPolicyScope
{
    public static Func<string, IReadOnlyList<FilterValue>?> Attributes(IReadOnlyDictionary<string, SnsAttributeValue> attributes) => key =>
    {
        if (!attributes.TryGetValue(key, out var a) || a.IsBinary)
        {
            return null;
        }
        if (a.DataType.StartsWith("Number", StringComparison.Ordinal))
        {
            return double.TryParse(a.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                ? [FilterValue.OfNumber(a.StringValue, n)]
                : [];
        }
        if (a.DataType == "String.Array")
        {
            try
            {
                using var doc = JsonDocument.Parse(a.StringValue ?? "[]");
                return doc.RootElement.ValueKind == JsonValueKind.Array
                    ? doc.RootElement.EnumerateArray().Where(e => e.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object)).Select(FilterValue.Of).ToList()
                    : [];
            }
            catch (JsonException)
            {
                return [];
            }
        }
        return [FilterValue.String(a.StringValue ?? "")];
    };

    /// <summary>Flattens a JSON body to dotted key paths; arrays contribute each element at the same path.</summary>
    public static Func<string, IReadOnlyList<FilterValue>?>? Body(string message)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            return null;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var values = new Dictionary<string, List<FilterValue>>(StringComparer.Ordinal);
            Flatten(doc.RootElement, "", values);
            return key => values.TryGetValue(key, out var v) ? v : null;
        }
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, List<FilterValue>> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Flatten(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, values);
                }
                break;
            case JsonValueKind.Array:
                if (!values.ContainsKey(path))
                {
                    values[path] = [];
                }
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, path, values);
                }
                break;
            default:
                if (!values.TryGetValue(path, out var list))
                {
                    values[path] = list = [];
                }
                list.Add(FilterValue.Of(element));
                break;
        }
    }
}
