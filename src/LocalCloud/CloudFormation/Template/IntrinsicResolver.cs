using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Evaluates CloudFormation intrinsic functions and conditions over JSON nodes. Parameters and
/// pseudo-parameters come as resolved values; resources are asked for through a callback, so the
/// caller controls the order in which they exist.
/// </summary>
internal sealed partial class IntrinsicResolver
{
    public const string NoValue = "AWS::NoValue";

    /// <summary>Functions that exist only under <c>Transform: AWS::LanguageExtensions</c>.</summary>
    private static readonly HashSet<string> s_languageExtensions = new(StringComparer.Ordinal) { "Fn::Length", "Fn::ToJsonString" };

    private readonly IReadOnlyDictionary<string, JsonNode?> _parameters;
    private readonly JsonObject _mappings;
    private readonly Func<string, string?, string, JsonNode?> _resource;

    /// <param name="parameters">Template parameters and pseudo-parameters (except AWS::NoValue), resolved.</param>
    /// <param name="conditions">The template's Conditions section.</param>
    /// <param name="mappings">The template's Mappings section.</param>
    /// <param name="resource">Ref (attribute null) or GetAtt of a resource: logical id, attribute, where it is asked from.</param>
    public IntrinsicResolver(IReadOnlyDictionary<string, JsonNode?> parameters, JsonObject conditions, JsonObject mappings,
        Func<string, string?, string, JsonNode?> resource)
    {
        _parameters = parameters;
        _conditions = conditions;
        _mappings = mappings;
        _resource = resource;
    }

    /// <summary>Whether the template declares <c>AWS::LanguageExtensions</c> (Fn::Length, Fn::ToJsonString, Fn::FindInMap's DefaultValue).</summary>
    public bool LanguageExtensions { get; init; }

    /// <summary>The value of another stack's export by name, null when no stack exports it.</summary>
    public Func<string, string?> Exports { get; init; } = _ => null;

    /// <summary>A node with every intrinsic evaluated; properties that resolved to AWS::NoValue are dropped.</summary>
    public JsonNode? Resolve(JsonNode? node, string where)
    {
        var result = Evaluate(node, where);
        return result.IsNoValue ? null : result.Node;
    }

    private readonly record struct Value(JsonNode? Node, bool IsNoValue)
    {
        public static Value Of(JsonNode? node) => new(node, false);

        public static readonly Value None = new(null, true);
    }

    /// <summary>The single key of a mapping that is an intrinsic function call, or null.</summary>
    public static string? FunctionName(JsonNode? node)
    {
        if (node is not JsonObject { Count: 1 } obj)
        {
            return null;
        }
        var (key, value) = obj.First();
        return key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal) || (key == "Condition" && value is JsonValue) ? key : null;
    }

    private Value Evaluate(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject obj when FunctionName(obj) is { } function:
                return Function(function, obj[function], where);
            case JsonObject obj:
                var resolved = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var value = Evaluate(child, $"{where}.{key}");
                    if (!value.IsNoValue)
                    {
                        resolved[key] = value.Node;
                    }
                }
                return Value.Of(resolved);
            case JsonArray array:
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var value = Evaluate(array[i], $"{where}[{i}]");
                    if (!value.IsNoValue)
                    {
                        items.Add(value.Node);
                    }
                }
                return Value.Of(items);
            default:
                return Value.Of(node?.DeepClone());
        }
    }

    private Value Function(string name, JsonNode? argument, string where)
    {
        var at = $"{where} ({name})";
        if (s_languageExtensions.Contains(name) && !LanguageExtensions)
        {
            throw new TemplateException($"Template error: {where}: {name} needs the template's Transform to include AWS::LanguageExtensions");
        }
        return name switch
        {
            "Ref" => Ref(TemplateValues.Text(argument, at), at),
            "Fn::GetAtt" => Value.Of(GetAtt(argument, at)),
            "Fn::Sub" => Value.Of(Sub(argument, at)),
            "Fn::Join" => Value.Of(Join(argument, at)),
            "Fn::Select" => Select(argument, at),
            "Fn::Split" => Value.Of(Split(argument, at)),
            "Fn::If" => If(argument, at),
            "Fn::FindInMap" => Value.Of(FindInMap(argument, at)),
            "Fn::ImportValue" => Value.Of(ImportValue(argument, at)),
            "Fn::GetAZs" => Value.Of(GetAzs(argument, at)),
            "Fn::Cidr" => Value.Of(Cidr(argument, at)),
            "Fn::Length" => Value.Of(Length(argument, at)),
            "Fn::ToJsonString" => Value.Of(ToJsonString(argument, at)),
            "Fn::Transform" => throw new TemplateException($"Template error: {where}: Fn::Transform calls a macro (such as AWS::Include), which the local cloud does not run; write the included text into the template"),
            "Fn::Base64" => Value.Of(JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(TemplateValues.Text(Resolve(argument, at), at))))),
            "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or" or "Condition" => Value.Of(JsonValue.Create(BooleanFunction(name, argument, at))),
            _ => throw new TemplateException($"{where}: unknown intrinsic function {name}"),
        };
    }

    private Value Ref(string target, string where)
    {
        if (target == NoValue)
        {
            return Value.None;
        }
        if (_parameters.TryGetValue(target, out var parameter))
        {
            return Value.Of(parameter?.DeepClone());
        }
        if (target.StartsWith("AWS::", StringComparison.Ordinal))
        {
            throw new TemplateException($"{where}: unknown pseudo-parameter {target}");
        }
        return Value.Of(_resource(target, null, where));
    }

    private JsonNode? GetAtt(JsonNode? argument, string where)
    {
        string id, attribute;
        if (argument is JsonArray { Count: 2 } pair)
        {
            id = TemplateValues.Text(Resolve(pair[0], where), where);
            attribute = TemplateValues.Text(Resolve(pair[1], where), where);
        }
        else if (argument is JsonValue v && v.TryGetValue<string>(out var dotted) && dotted.IndexOf('.', StringComparison.Ordinal) > 0)
        {
            id = dotted[..dotted.IndexOf('.', StringComparison.Ordinal)];
            attribute = dotted[(id.Length + 1)..];
        }
        else
        {
            throw new TemplateException($"{where}: Fn::GetAtt takes [LogicalId, Attribute]");
        }
        return _resource(id, attribute, where);
    }

    private JsonNode Join(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 2 } args)
        {
            throw new TemplateException($"{where}: Fn::Join takes [delimiter, [values]]");
        }
        var delimiter = TemplateValues.Text(args[0], where);
        var list = Resolve(args[1], where) as JsonArray ?? throw new TemplateException($"{where}: the second argument of Fn::Join must be a list");
        return JsonValue.Create(string.Join(delimiter, list.Select((n, i) => TemplateValues.Text(n, $"{where}[{i}]"))));
    }

    private Value Select(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 2 } args)
        {
            throw new TemplateException($"{where}: Fn::Select takes [index, [values]]");
        }
        var indexText = TemplateValues.Text(Resolve(args[0], where), where);
        if (!int.TryParse(indexText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            throw new TemplateException($"{where}: Fn::Select index '{indexText}' is not a non-negative integer");
        }
        var list = Resolve(args[1], where) as JsonArray ?? throw new TemplateException($"{where}: the second argument of Fn::Select must be a list");
        return index < list.Count
            ? Value.Of(list[index]?.DeepClone())
            : throw new TemplateException($"{where}: Fn::Select index {index} is out of range for a list of {list.Count}");
    }

    private JsonArray Split(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 2 } args)
        {
            throw new TemplateException($"{where}: Fn::Split takes [delimiter, string]");
        }
        var delimiter = TemplateValues.Text(args[0], where);
        if (delimiter.Length == 0)
        {
            throw new TemplateException($"{where}: Fn::Split needs a non-empty delimiter");
        }
        var text = TemplateValues.Text(Resolve(args[1], where), where);
        return new JsonArray([.. text.Split(delimiter).Select(s => (JsonNode?)JsonValue.Create(s))]);
    }

    private Value If(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 3 } args)
        {
            throw new TemplateException($"{where}: Fn::If takes [condition, value if true, value if false]");
        }
        var condition = TemplateValues.Text(args[0], where);
        return Evaluate(Condition(condition, where) ? args[1] : args[2], where);
    }

    private JsonNode? FindInMap(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 3 or 4 } args || (args.Count == 4 && !LanguageExtensions))
        {
            throw new TemplateException(LanguageExtensions
                ? $"Template error: {where}: Fn::FindInMap takes [map, top-level key, second-level key] and optionally {{DefaultValue: value}}"
                : $"Template error: {where}: Fn::FindInMap takes [map, top-level key, second-level key] (a DefaultValue needs Transform AWS::LanguageExtensions)");
        }
        var map = TemplateValues.Text(Resolve(args[0], where), where);
        var top = TemplateValues.Text(Resolve(args[1], where), where);
        var second = TemplateValues.Text(Resolve(args[2], where), where);
        if (_mappings[map]?[top]?[second] is { } found)
        {
            return found.DeepClone();
        }
        if (args.Count == 4)
        {
            if (args[3] is not JsonObject { Count: 1 } options || !options.TryGetPropertyValue("DefaultValue", out var fallback))
            {
                throw new TemplateException($"Template error: {where}: the fourth argument of Fn::FindInMap must be {{DefaultValue: value}}");
            }
            return Resolve(fallback, where);
        }
        throw new TemplateException($"Template error: {where}: Unable to get mapping for {map}::{top}::{second}");
    }

    private JsonNode ImportValue(JsonNode? argument, string where)
    {
        var name = TemplateValues.Text(Resolve(argument, where), where);
        return JsonValue.Create(Exports(name) ?? throw new TemplateException($"No export named {name} found."));
    }
}
