using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// What holds real data outlives its stack and any replacement in every stage but dev: the event
/// log (Kinesis streams), the dead-letter queues and the event sources' failure destinations.
/// </summary>
internal static class RetentionRules
{
    public static IReadOnlyList<string> Violations(CfnTemplate template)
    {
        var holders = template.ResourcesOfType("AWS::Kinesis::Stream").Select(r => r.Id)
            .Concat(QueueRules.DeadLetterQueues(template))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var stages = (template.Root["Parameters"]?["StageName"]?["AllowedValues"] as JsonArray ?? []).Select(s => s!.GetValue<string>()).ToList();
        var violations = new List<string>();
        foreach (var id in holders)
        {
            foreach (var policy in new[] { "DeletionPolicy", "UpdateReplacePolicy" })
            {
                foreach (var stage in stages.Where(s => s != "dev"))
                {
                    var value = PolicyIn(template, template.Resource(id)[policy], stage);
                    if (value != "Retain")
                    {
                        violations.Add($"{id}: {policy} is {value ?? "Delete (unset)"} in stage {stage}; data it holds must be retained (Retain)");
                    }
                }
            }
        }
        return violations;
    }

    /// <summary>The policy a stage gets: a literal, or <c>Fn::If</c> on a condition evaluated for that stage.</summary>
    private static string? PolicyIn(CfnTemplate template, JsonNode? policy, string stage) => policy switch
    {
        null => null,
        JsonValue v => v.GetValue<string>(),
        JsonObject o when o["Fn::If"] is JsonArray { Count: 3 } branches =>
            PolicyIn(template, Condition(template, template.Root["Conditions"]?[branches[0]!.GetValue<string>()], stage) ? branches[1] : branches[2], stage),
        _ => throw new FormatException($"{template.Name}: a policy that is neither a string nor Fn::If: {policy.ToJsonString()}"),
    };

    /// <summary>A condition over the StageName parameter (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition).</summary>
    private static bool Condition(CfnTemplate template, JsonNode? node, string stage) => node switch
    {
        JsonObject o when o["Fn::Not"] is JsonArray { Count: 1 } not => !Condition(template, not[0], stage),
        JsonObject o when o["Fn::And"] is JsonArray all => all.All(c => Condition(template, c, stage)),
        JsonObject o when o["Fn::Or"] is JsonArray any => any.Any(c => Condition(template, c, stage)),
        JsonObject o when o["Condition"] is JsonValue name => Condition(template, template.Root["Conditions"]?[name.GetValue<string>()], stage),
        JsonObject o when o["Fn::Equals"] is JsonArray { Count: 2 } pair => Value(pair[0], stage) == Value(pair[1], stage),
        _ => throw new FormatException($"{template.Name}: a retention condition this rule cannot evaluate: {node?.ToJsonString()}"),
    };

    private static string? Value(JsonNode? node, string stage) =>
        CfnTemplate.ReferencedId(node) == "StageName" ? stage : (node as JsonValue)?.ToString();
}
