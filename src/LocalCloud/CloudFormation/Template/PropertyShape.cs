using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// The properties of a resource (or of a nested mapping) the loader understands. A property whose
/// shape is null is taken whole (a policy document, a tag list) without looking inside.
/// </summary>
internal sealed class PropertyShape(params (string Name, PropertyShape? Shape)[] properties)
{
    private readonly Dictionary<string, PropertyShape?> _properties = properties.ToDictionary(p => p.Name, p => p.Shape, StringComparer.Ordinal);

    public static PropertyShape Keys(params string[] names) => new([.. names.Select(n => (n, (PropertyShape?)null))]);

    /// <summary>Every property path under <paramref name="where"/> this shape does not know.</summary>
    public IEnumerable<string> Unknown(JsonObject properties, string where)
    {
        foreach (var (name, value) in properties)
        {
            if (!_properties.TryGetValue(name, out var shape))
            {
                yield return $"{where}.{name}";
            }
            else if (shape is not null && value is JsonObject nested && IntrinsicResolver.FunctionName(nested) is null)
            {
                foreach (var unknown in shape.Unknown(nested, $"{where}.{name}"))
                {
                    yield return unknown;
                }
            }
            else if (shape is not null && value is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject item && IntrinsicResolver.FunctionName(item) is null)
                    {
                        foreach (var unknown in shape.Unknown(item, $"{where}.{name}[{i}]"))
                        {
                            yield return unknown;
                        }
                    }
                }
            }
        }
    }
}
