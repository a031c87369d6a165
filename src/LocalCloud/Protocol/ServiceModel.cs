using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// The input shapes of one AWS service, as its API model (botocore's <c>service-2.json</c>) declares
/// them: types, required members, lengths, ranges, patterns and enums. The trimmed models are
/// embedded from <c>Protocol/Models</c> (written by its <c>generate.py</c>) and read once per service.
/// </summary>
internal sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, ServiceModel?> s_models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _outputs = new(StringComparer.Ordinal);
    private readonly List<RestRoute> _routes = [];
    private readonly Dictionary<string, ModelShape> _shapes = new(StringComparer.Ordinal);

    private ServiceModel(JsonElement root)
    {
        Protocol = root.GetProperty("protocol").GetString()!;
        foreach (var operation in root.GetProperty("operations").EnumerateObject())
        {
            if (operation.Value.TryGetProperty("input", out var input))
            {
                _inputs[operation.Name] = input.GetString()!;
            }
            if (operation.Value.TryGetProperty("output", out var output))
            {
                _outputs[operation.Name] = output.GetString()!;
            }
            if (operation.Value.TryGetProperty("uri", out var uri) && operation.Value.TryGetProperty("method", out var method))
            {
                _routes.Add(new RestRoute(operation.Name, method.GetString()!, uri.GetString()!));
            }
        }
        foreach (var shape in root.GetProperty("shapes").EnumerateObject())
        {
            _shapes[shape.Name] = new ModelShape(shape.Name, shape.Value);
        }
        foreach (var shape in _shapes.Values)
        {
            shape.Resolve(_shapes);
        }
    }

    /// <summary>The first path segment of every REST operation's URI (Lambda's API versions: <c>2015-03-31</c>, <c>2019-09-30</c>, ...).</summary>
    public IReadOnlySet<string> FirstSegments => field ??= _routes.Select(r => r.FirstSegment).Where(s => s is not null).Select(s => s!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The model's protocol (<c>json</c>, <c>query</c>, <c>rest-json</c>, ...).</summary>
    public string Protocol { get; }

    /// <summary>The model embedded for <paramref name="service"/> (botocore's name: <c>kinesis</c>, <c>stepfunctions</c>, ...), or null.</summary>
    public static ServiceModel? For(string service) => s_models.GetOrAdd(service, static name =>
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream("Models/" + name + ".json");
        if (stream is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(stream);
        return new ServiceModel(document.RootElement);
    });

    /// <summary>
    /// The operation a REST request names by its method and path (and any query member the URI fixes,
    /// as <c>?find=LayerVersion</c>), with the values of the path's labels; null when none does. The route
    /// with the most literal segments wins, then the one fixing the most query members, as a router would
    /// pick it; among equals the first in the model's (alphabetical) order.
    /// </summary>
    public (string Operation, Dictionary<string, string> Labels)? Route(string method, string path, Func<string, string?> query) =>
        Routes(method, path, query) is [var first, ..] ? first : null;

    /// <summary>
    /// Every operation tied for the best match of <see cref="Route"/>: S3 names several operations by one
    /// method, path and query (PutObject, CopyObject, UploadPart and UploadPartCopy are all
    /// <c>PUT /{Bucket}/{Key+}</c>; headers and query values tell them apart).
    /// </summary>
    public List<(string Operation, Dictionary<string, string> Labels)> Routes(string method, string path, Func<string, string?> query)
    {
        var best = new List<(string, Dictionary<string, string>)>();
        var bestScore = (-1, -1);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var route in _routes)
        {
            if (route.Method != method || route.Match(segments, query) is not { } labels)
            {
                continue;
            }
            var score = (route.Literals, route.FixedQuery);
            if (score.CompareTo(bestScore) > 0)
            {
                best.Clear();
                bestScore = score;
            }
            if (score == bestScore)
            {
                best.Add((route.Operation, labels));
            }
        }
        return best;
    }

    /// <summary>Whether the model has <paramref name="operation"/> (one that takes input).</summary>
    public bool Has(string operation) => _inputs.ContainsKey(operation);

    /// <summary>The input shape of <paramref name="operation"/>, or null when the model has no such operation or it takes no input.</summary>
    public ModelShape? Input(string operation) =>
        _inputs.TryGetValue(operation, out var name) ? _shapes[name] : null;

    /// <summary>The output shape of <paramref name="operation"/>, or null when the model has no such operation or it answers nothing.</summary>
    public ModelShape? Output(string operation) =>
        _outputs.TryGetValue(operation, out var name) ? _shapes[name] : null;
}

/// <summary>One REST operation's method and URI template (<c>/2015-03-31/functions/{FunctionName}/aliases/{Name}</c>).</summary>
internal sealed class RestRoute
{
    private readonly string[] _segments;
    private readonly (string Name, string? Value)[] _fixedQuery;

    public RestRoute(string operation, string method, string uri)
    {
        Operation = operation;
        Method = method;
        var question = uri.IndexOf('?', StringComparison.Ordinal);
        _segments = (question < 0 ? uri : uri[..question]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        _fixedQuery = question < 0 ? [] : [.. uri[(question + 1)..].Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : null))];
        Literals = _segments.Count(s => !s.StartsWith('{'));
    }

    public string Operation { get; }

    public string Method { get; }

    public int Literals { get; }

    /// <summary>The URI's first segment when it is a literal, else null.</summary>
    public string? FirstSegment => _segments is [var first, ..] && !first.StartsWith('{') ? first : null;

    /// <summary>How many query members the URI fixes (<c>?list-type=2</c>, <c>?tagging</c>).</summary>
    public int FixedQuery => _fixedQuery.Length;

    public Dictionary<string, string>? Match(string[] path, Func<string, string?> query)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var greedy = _segments.Length > 0 && _segments[^1].EndsWith("+}", StringComparison.Ordinal);
        if (path.Length != _segments.Length && !(greedy && path.Length >= _segments.Length))
        {
            return null;
        }
        for (var i = 0; i < _segments.Length; i++)
        {
            var template = _segments[i];
            if (template.StartsWith('{'))
            {
                var name = template.Trim('{', '}', '+');
                labels[name] = Uri.UnescapeDataString(greedy && i == _segments.Length - 1 ? string.Join('/', path[i..]) : path[i]);
            }
            else if (!string.Equals(template, path[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        foreach (var (name, value) in _fixedQuery)
        {
            if (query(name) is not { } actual || (value is not null && actual != value))
            {
                return null;
            }
        }
        return labels;
    }
}

/// <summary>A member of a structure (or a list's item, a map's key or value): the shape it holds and where it travels.</summary>
internal sealed class ModelMember(string name, string shapeName, string? location, string? locationName, bool flattened, string? queryName)
{
    public string Name { get; } = name;

    public string ShapeName { get; } = shapeName;

    public ModelShape Shape { get; private set; } = null!;

    /// <summary><c>uri</c>, <c>querystring</c>, <c>header</c>, <c>headers</c> for REST protocols; null for the body.</summary>
    public string? Location { get; } = location;

    public string? LocationName { get; } = locationName;

    public bool Flattened { get; } = flattened;

    public string? QueryName { get; } = queryName;

    internal void Resolve(Dictionary<string, ModelShape> shapes) => Shape = shapes[ShapeName];

    internal static ModelMember Read(string name, JsonElement reference) => new(
        name,
        reference.GetProperty("shape").GetString()!,
        reference.TryGetProperty("location", out var l) ? l.GetString() : null,
        reference.TryGetProperty("locationName", out var n) ? n.GetString() : null,
        reference.TryGetProperty("flattened", out var f) && f.ValueKind == JsonValueKind.True,
        reference.TryGetProperty("queryName", out var q) ? q.GetString() : null);
}

/// <summary>One shape of the model with the constraints a request is held to.</summary>
internal sealed class ModelShape
{
    private Regex? _regex;

    internal ModelShape(string name, JsonElement shape)
    {
        Name = name;
        Type = shape.GetProperty("type").GetString()!;
        Min = shape.TryGetProperty("min", out var min) ? min.GetDouble() : null;
        Max = shape.TryGetProperty("max", out var max) ? max.GetDouble() : null;
        Pattern = shape.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null;
        Flattened = shape.TryGetProperty("flattened", out var f) && f.ValueKind == JsonValueKind.True;
        Sensitive = shape.TryGetProperty("sensitive", out var sensitive) && sensitive.ValueKind == JsonValueKind.True;
        Payload = shape.TryGetProperty("payload", out var payload) ? payload.GetString() : null;
        LocationName = shape.TryGetProperty("locationName", out var ln) ? ln.GetString() : null;
        Enum = shape.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : null;
        Required = shape.TryGetProperty("required", out var required)
            ? new HashSet<string>(required.EnumerateArray().Select(r => r.GetString()!), StringComparer.Ordinal)
            : [];
        Members = shape.TryGetProperty("members", out var members)
            ? [.. members.EnumerateObject().Select(m => ModelMember.Read(m.Name, m.Value))]
            : [];
        Member = shape.TryGetProperty("member", out var member) ? ModelMember.Read("member", member) : null;
        Key = shape.TryGetProperty("key", out var key) ? ModelMember.Read("key", key) : null;
        Value = shape.TryGetProperty("value", out var value) ? ModelMember.Read("value", value) : null;
    }

    public string Name { get; }

    /// <summary>structure, list, map, string, integer, long, float, double, boolean, blob, timestamp.</summary>
    public string Type { get; }

    public double? Min { get; }

    public double? Max { get; }

    public string? Pattern { get; }

    public bool Flattened { get; }

    /// <summary>The member a REST request's whole body is (Lambda Invoke's <c>Payload</c>), or null when the body is a JSON structure of the members.</summary>
    public string? Payload { get; }

    /// <summary>AWS never prints a sensitive member's value in an error ("Value at 'input' failed to ...").</summary>
    public bool Sensitive { get; }

    public string? LocationName { get; }

    public IReadOnlyList<string>? Enum { get; }

    public IReadOnlySet<string> Required { get; }

    public IReadOnlyList<ModelMember> Members { get; }

    public ModelMember? Member { get; }

    public ModelMember? Key { get; }

    public ModelMember? Value { get; }

    /// <summary>
    /// The pattern as a whole-value match (AWS matches the entire value), or null when the model has
    /// none or .NET cannot read it (then the service's own checks are the only ones).
    /// </summary>
    public Regex? Regex
    {
        get
        {
            if (_regex is null && Pattern is not null)
            {
                try
                {
                    _regex = new Regex(@"\A(?:" + Pattern + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }
            return _regex;
        }
    }

    /// <summary>
    /// A value that travels as text (a query-string member, a header, a form field) as this shape's JSON
    /// type when it parses as one, kept as text otherwise so the validator refuses it.
    /// </summary>
    public JsonNode FromText(string text) => Type switch
    {
        "integer" or "long" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        "float" or "double" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        "boolean" when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
        _ => JsonValue.Create(text),
    };

    internal void Resolve(Dictionary<string, ModelShape> shapes)
    {
        foreach (var member in Members)
        {
            member.Resolve(shapes);
        }
        Member?.Resolve(shapes);
        Key?.Resolve(shapes);
        Value?.Resolve(shapes);
    }
}
