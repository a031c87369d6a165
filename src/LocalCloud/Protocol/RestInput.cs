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
        JsonObject? gathered = null;
        if (input.Payload is null && !body.IsEmpty)
        {
            try
            {
                gathered = JsonNode.Parse(body.Span) as JsonObject;
            }
            catch (JsonException)
            {
                // the service's own parser names what is wrong with the body
            }
        }
        gathered ??= [];
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
                gathered[member.Name] = member.Shape.FromText(text);
            }
            else if (member.Location is not null)
            {
                gathered.Remove(member.Name);
            }
        }
        return JsonDocument.Parse(gathered.ToJsonString());
    }
}
