using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.JsonPath;

/// <summary>
/// A compiled JSONPath as Step Functions accepts it (Jayway flavour): dot and bracket children,
/// indexes, unions, wildcards, slices, recursive descent, filters and <c>length()</c>.
/// </summary>
internal sealed partial class JsonPathExpression
{
    private JsonPathExpression(string text, IReadOnlyList<JsonPathSegment> segments)
    {
        Text = text;
        Segments = segments;
        IsDefinite = segments.All(s => !s.IsIndefinite);
    }

    public string Text { get; }

    public IReadOnlyList<JsonPathSegment> Segments { get; }

    public bool IsDefinite { get; }

    /// <summary>Parses a path that starts with <c>$</c> or <c>@</c>; the root symbol itself is not a segment.</summary>
    public static JsonPathExpression Parse(string text)
    {
        if (!TryParse(text, out var path, out var error))
        {
            throw new FormatException(error);
        }

        return path;
    }

    public static bool TryParse(string text, out JsonPathExpression path, out string error)
    {
        path = null!;
        error = string.Empty;
        if (string.IsNullOrEmpty(text) || (text[0] != '$' && text[0] != '@'))
        {
            error = $"Invalid JSONPath '{text}': it must start with '$'";
            return false;
        }

        try
        {
            var reader = new PathReader(text, 1);
            var segments = reader.ReadSegments(stopAtClose: false);
            if (!reader.AtEnd)
            {
                error = $"Invalid JSONPath '{text}'";
                return false;
            }

            path = new JsonPathExpression(text, segments);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Every node the path selects, in document order; JSON null matches are C# nulls.</summary>
    public List<JsonNode?> Select(JsonNode? root)
    {
        var current = new List<JsonNode?> { root };
        foreach (var segment in Segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                Apply(segment, node, root, next);
            }

            current = next;
        }

        return current;
    }

    private static void Apply(JsonPathSegment segment, JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (segment)
        {
            case JsonPathSegment.Child child:
                if (node is JsonObject o && o.TryGetPropertyValue(child.Name, out var v))
                {
                    output.Add(v);
                }

                break;
            case JsonPathSegment.Index index:
                if (node is JsonArray a)
                {
                    var i = index.Value < 0 ? a.Count + index.Value : index.Value;
                    if (i >= 0 && i < a.Count)
                    {
                        output.Add(a[i]);
                    }
                }

                break;
            case JsonPathSegment.Union union:
                if (union.Names is not null && node is JsonObject uo)
                {
                    foreach (var name in union.Names)
                    {
                        if (uo.TryGetPropertyValue(name, out var uv))
                        {
                            output.Add(uv);
                        }
                    }
                }
                else if (union.Indexes is not null && node is JsonArray ua)
                {
                    foreach (var idx in union.Indexes)
                    {
                        var i = idx < 0 ? ua.Count + idx : idx;
                        if (i >= 0 && i < ua.Count)
                        {
                            output.Add(ua[i]);
                        }
                    }
                }

                break;
            case JsonPathSegment.Wildcard:
                if (node is JsonObject wo)
                {
                    output.AddRange(wo.Select(p => p.Value));
                }
                else if (node is JsonArray wa)
                {
                    output.AddRange(wa);
                }

                break;
            case JsonPathSegment.Slice slice:
                if (node is JsonArray sa)
                {
                    var n = sa.Count;
                    var start = Clamp(slice.Start ?? 0, n);
                    var end = Clamp(slice.End ?? n, n);
                    for (var i = start; i < end; i += Math.Max(1, slice.Step))
                    {
                        output.Add(sa[i]);
                    }
                }

                break;
            case JsonPathSegment.Descendant descendant:
                Descend(descendant.Inner, node, root, output);
                break;
            case JsonPathSegment.Filter filter:
                if (node is JsonArray fa)
                {
                    output.AddRange(fa.Where(item => filter.Expression.Test(item, root)));
                }
                else if (node is JsonObject fo && filter.Expression.Test(fo, root))
                {
                    output.Add(fo);
                }

                break;
            case JsonPathSegment.Length:
                if (node is JsonArray la)
                {
                    output.Add(JsonValue.Create(la.Count));
                }
                else if (node is JsonObject lo)
                {
                    output.Add(JsonValue.Create(lo.Count));
                }
                else if (JsonValues.TryString(node, out var ls))
                {
                    output.Add(JsonValue.Create(ls.Length));
                }

                break;
        }
    }

    private static void Descend(JsonPathSegment inner, JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        Apply(inner, node, root, output);
        if (node is JsonObject o)
        {
            foreach (var p in o)
            {
                Descend(inner, p.Value, root, output);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Descend(inner, item, root, output);
            }
        }
    }

    private static int Clamp(int i, int n) => i < 0 ? Math.Max(0, n + i) : Math.Min(i, n);

    /// <summary>The bracket-notation form Jayway prints in its errors: <c>$['a']['b']</c>.</summary>
    public string ToBracketNotation()
    {
        var sb = new StringBuilder("$");
        foreach (var s in Segments)
        {
            switch (s)
            {
                case JsonPathSegment.Child c:
                    sb.Append("['").Append(c.Name).Append("']");
                    break;
                case JsonPathSegment.Index i:
                    sb.Append('[').Append(i.Value.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
                case JsonPathSegment.Wildcard:
                    sb.Append("[*]");
                    break;
                default:
                    sb.Append("[?]");
                    break;
            }
        }

        return sb.ToString();
    }

    public override string ToString() => Text;
}
