using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// A REST request gathered into one structure of its input shape's members, wherever each travels
/// (path label, query string, header or JSON body), so that <see cref="ModelValidator"/> holds it to
/// the model as it holds a JSON request.
/// </summary>
internal static class RestInput
{
    /// <summary>
    /// The members of <paramref name="input"/> from the request. A query-string or header value is
    /// read as the member's type when it parses as one (kept as text otherwise, which the validator
    /// refuses); the body's members are read only when the body is the JSON structure of the members.
    /// </summary>
    public static JsonDocument Gather(ModelShape input, IReadOnlyDictionary<string, string> labels, Func<string, string?> query,
        Func<string, string?> header, ReadOnlyMemory<byte> body)
    {
        var gathered = new JsonObject();
        if (input.Payload is null && !body.IsEmpty)
        {
            try
            {
                if (JsonNode.Parse(body.Span) is JsonObject members)
                {
                    foreach (var (name, value) in members.ToList())
                    {
                        members.Remove(name);
                        gathered[name] = value;
                    }
                }
            }
            catch (JsonException)
            {
                // the service's own parser names what is wrong with the body
            }
        }
        foreach (var member in input.Members)
        {
            var wire = member.LocationName ?? member.Name;
            var text = member.Location switch
            {
                "uri" => labels.TryGetValue(wire, out var label) ? label : null,
                "querystring" => query(wire),
                "header" => header(wire),
                _ => null,
            };
            if (text is not null)
            {
                gathered[member.Name] = Typed(member.Shape, text);
            }
            else if (member.Location is not null)
            {
                gathered.Remove(member.Name);
            }
        }
        return JsonDocument.Parse(gathered.ToJsonString());
    }

    private static JsonNode Typed(ModelShape shape, string text) => shape.Type switch
    {
        "integer" or "long" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        "float" or "double" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        "boolean" when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
        _ => JsonValue.Create(text),
    };
}
