using System.Globalization;
using System.Text;

namespace Sluice.LocalCloud.Protocol;

/// <summary>The flat name/value pairs of a query-protocol call, with helpers for its list and map encodings.</summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    public QueryParameters(Dictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string name] => _values.TryGetValue(name, out var v) ? v : null;

    public static QueryParameters Parse(ReadOnlySpan<byte> body, string? queryString)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(values, Encoding.UTF8.GetString(body));
        if (!string.IsNullOrEmpty(queryString))
        {
            Add(values, queryString.TrimStart('?'));
        }
        return new QueryParameters(values);
    }

    private static void Add(Dictionary<string, string> values, string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            values[name] = value;
        }
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public string Required(string name) =>
        this[name] ?? throw new AwsServiceException("MissingParameter", $"The request must contain the parameter {name}.", queryCode: "MissingParameter");

    /// <summary>Members <c>prefix.1</c>, <c>prefix.2</c>, ... in order, stopping at the first gap.</summary>
    public List<string> List(string prefix)
    {
        var result = new List<string>();
        for (var i = 1; this[prefix + "." + i.ToString(CultureInfo.InvariantCulture)] is { } v; i++)
        {
            result.Add(v);
        }
        return result;
    }

    /// <summary>Indices present under <c>prefix.N.</c>, in order.</summary>
    public List<string> IndexedPrefixes(string prefix)
    {
        var result = new List<string>();
        var start = prefix + ".";
        var indices = new SortedSet<int>();
        foreach (var key in _values.Keys)
        {
            if (!key.StartsWith(start, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = key.AsSpan(start.Length);
            var dot = rest.IndexOf('.');
            var number = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                indices.Add(n);
            }
        }
        foreach (var n in indices)
        {
            result.Add(start + n.ToString(CultureInfo.InvariantCulture) + ".");
        }
        return result;
    }
}
