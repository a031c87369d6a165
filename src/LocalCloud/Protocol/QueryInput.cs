using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// A query-protocol request (form-encoded <c>Name=value</c> pairs, lists as <c>Name.member.N</c>, maps as
/// <c>Name.entry.N.key</c> / <c>.value</c>) read into one structure of its input shape, so that
/// <see cref="ModelValidator"/> holds it to the model as it holds a JSON request.
/// </summary>
internal static class QueryInput
{
    public static JsonDocument Gather(ModelShape input, QueryParameters form) =>
        JsonDocument.Parse((Structure(input, form.Values, "") ?? []).ToJsonString());

    private static JsonObject? Structure(ModelShape shape, IReadOnlyDictionary<string, string> form, string prefix)
    {
        JsonObject? result = null;
        foreach (var member in shape.Members)
        {
            var name = prefix + (member.LocationName ?? member.Name);
            if (Value(member.Shape, form, name, member.Flattened || member.Shape.Flattened) is { } value)
            {
                (result ??= [])[member.Name] = value;
            }
        }
        return result;
    }

    private static JsonNode? Value(ModelShape shape, IReadOnlyDictionary<string, string> form, string name, bool flattened)
    {
        switch (shape.Type)
        {
            case "structure":
                return Structure(shape, form, name + ".");
            case "list":
                var items = new JsonArray();
                var itemPrefix = flattened ? name + "." : name + "." + (shape.Member!.LocationName ?? "member") + ".";
                for (var i = 1; ; i++)
                {
                    var item = Value(shape.Member!.Shape, form, itemPrefix + i.ToString(CultureInfo.InvariantCulture), false);
                    if (item is null)
                    {
                        break;
                    }
                    items.Add(item);
                }
                // "Name=" with no items is the query protocol's empty list.
                return items.Count > 0 || (form.TryGetValue(name, out var empty) && empty.Length == 0) ? items : null;
            case "map":
                var map = new JsonObject();
                var entryPrefix = flattened ? name + "." : name + ".entry.";
                for (var i = 1; ; i++)
                {
                    var entry = entryPrefix + i.ToString(CultureInfo.InvariantCulture) + ".";
                    if (!form.TryGetValue(entry + (shape.Key!.LocationName ?? "key"), out var key))
                    {
                        break;
                    }
                    map[key] = Value(shape.Value!.Shape, form, entry + (shape.Value.LocationName ?? "value"), false);
                }
                return map.Count > 0 ? map : null;
            default:
                return form.TryGetValue(name, out var text) ? shape.FromText(text) : null;
        }
    }
}
