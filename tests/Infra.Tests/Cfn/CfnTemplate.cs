using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests.Cfn;

/// <summary>A parsed template (JSON form) with the look-ups the rules share.</summary>
internal sealed class CfnTemplate
{
    public const string ServerlessFunction = "AWS::Serverless::Function";
    public const string LambdaFunction = "AWS::Lambda::Function";
    public const string Queue = "AWS::SQS::Queue";

    public CfnTemplate(JsonObject root, string name, string directory)
    {
        Root = root;
        Name = name;
        Directory = directory;
    }

    public JsonObject Root { get; }

    /// <summary>Repository-relative path, for messages.</summary>
    public string Name { get; }

    /// <summary>Absolute directory of the template: SAM resolves CodeUri and DefinitionUri from it.</summary>
    public string Directory { get; }

    public static CfnTemplate Load(string relativePath) =>
        Parse(RepositoryRoot.Read(relativePath), relativePath);

    public static CfnTemplate Parse(string yaml, string relativePath) =>
        new(CfnYaml.LoadObject(yaml, relativePath), relativePath,
            Path.GetDirectoryName(RepositoryRoot.PathOf(relativePath))!);

    /// <summary>A deep copy to break in memory, proving a rule can fail.</summary>
    public CfnTemplate Copy() => new(Root.DeepClone().AsObject(), Name, Directory);

    public JsonObject Resources => Root["Resources"] as JsonObject
        ?? throw new FormatException($"{Name}: no Resources mapping.");

    public IEnumerable<(string Id, JsonObject Resource)> AllResources() =>
        Resources.Select(p => (p.Key, p.Value as JsonObject
            ?? throw new FormatException($"{Name}: resource {p.Key} is not a mapping.")));

    public IEnumerable<(string Id, JsonObject Resource)> ResourcesOfType(params string[] types) =>
        AllResources().Where(r => types.Contains(TypeOf(r.Resource)));

    public static string TypeOf(JsonObject resource) => resource["Type"]?.GetValue<string>() ?? "";

    public static JsonObject PropertiesOf(JsonObject resource) => resource["Properties"] as JsonObject ?? [];

    public JsonObject Resource(string id) => Resources[id] as JsonObject
        ?? throw new InvalidOperationException($"{Name}: no resource {id}.");

    public string? TypeOfId(string id) => Resources[id] is JsonObject r ? TypeOf(r) : null;

    public bool IsFunction(string id) => TypeOfId(id) is ServerlessFunction or LambdaFunction;

    /// <summary>A function property, falling back to Globals.Function as SAM does.</summary>
    public JsonNode? FunctionProperty(JsonObject function, string name) =>
        PropertiesOf(function)[name] ?? (Root["Globals"]?["Function"] as JsonObject)?[name];

    /// <summary>
    /// The largest value a property can take: a literal integer, or for a <c>Ref</c> to a Number parameter
    /// its MaxValue (its Default when unbounded); null for anything else.
    /// </summary>
    public int? UpperBoundOf(JsonNode? node)
    {
        if (IntOf(node) is { } literal)
        {
            return literal;
        }

        return ReferencedId(node) is { } id && Root["Parameters"]?[id] is JsonObject parameter
            ? IntOf(parameter["MaxValue"]) ?? IntOf(parameter["Default"])
            : null;
    }

    /// <summary>The logical id a <c>Ref</c> or <c>Fn::GetAtt</c> points at, or null for anything else.</summary>
    public static string? ReferencedId(JsonNode? node, string? attribute = null)
    {
        if (node is not JsonObject { Count: 1 } obj)
        {
            return null;
        }

        if (attribute is null && obj["Ref"] is JsonValue r && r.TryGetValue<string>(out var id))
        {
            return id;
        }

        if (obj["Fn::GetAtt"] is JsonArray { Count: 2 } getAtt &&
            getAtt[0] is JsonValue target && target.TryGetValue<string>(out var targetId) &&
            getAtt[1] is JsonValue attr && attr.TryGetValue<string>(out var attrName) &&
            (attribute is null || attrName == attribute))
        {
            return targetId;
        }

        return null;
    }

    /// <summary>Every node of a subtree, depth first, with its JSON path for messages.</summary>
    public static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode? node, string path)
    {
        if (node is null)
        {
            yield break;
        }

        yield return (path, node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var inner in Walk(child, $"{path}.{key}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in Walk(array[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };

    public static int? IntOf(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => (int)n,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var n) => n,
        _ => null,
    };
}
