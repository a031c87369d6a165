using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// A resource policy as SQS's and SNS's AddPermission and RemovePermission edit it: statements named by
/// their <c>Sid</c>, one value or a list where AWS writes one or a list.
/// </summary>
internal sealed class PolicyDocument
{
    private readonly JsonObject _root;

    private PolicyDocument(JsonObject root) => _root = root;

    private JsonArray Statements => _root["Statement"]!.AsArray();

    /// <summary>A new document with no statements.</summary>
    public static PolicyDocument Empty(string version, string id) =>
        new(new JsonObject { ["Version"] = version, ["Id"] = id, ["Statement"] = new JsonArray() });

    /// <summary>The document in <paramref name="text"/> (a single statement object becomes a list), or null if it is not a policy document.</summary>
    public static PolicyDocument? Parse(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject root)
            {
                return null;
            }
            if (root["Statement"] is JsonObject single)
            {
                root["Statement"] = new JsonArray(single.DeepClone());
            }
            root["Statement"] ??= new JsonArray();
            return root["Statement"] is JsonArray ? new PolicyDocument(root) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public int Count => Statements.Count;

    public bool Has(string sid) => Statements.Any(s => Sid(s) == sid);

    /// <summary>Adds an Allow statement for the principals and actions on the resource.</summary>
    public void Allow(string sid, IReadOnlyList<string> principals, IReadOnlyList<string> actions, string resource) =>
        Statements.Add((JsonNode)new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = OneOrMany(principals) },
            ["Action"] = OneOrMany(actions),
            ["Resource"] = resource,
        });

    /// <summary>Removes the statement named <paramref name="sid"/>; false when there is none.</summary>
    public bool Remove(string sid)
    {
        var statement = Statements.FirstOrDefault(s => Sid(s) == sid);
        return statement is not null && Statements.Remove(statement);
    }

    public override string ToString() => _root.ToJsonString();

    private static string? Sid(JsonNode? statement) =>
        statement is JsonObject o && o["Sid"] is JsonValue v && v.TryGetValue<string>(out var sid) ? sid : null;

    private static JsonNode OneOrMany(IReadOnlyList<string> values) =>
        values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
