using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// Safe deployments: every function publishes versions behind an alias that everything invokes, and
/// moves to a new version by CodeDeploy (gradually outside development), watched by alarms on the
/// function's own error rate and latency through that alias.
/// </summary>
internal static class DeploymentRules
{
    private static readonly string[] s_gradual = ["Canary", "Linear"];

    public static IReadOnlyList<string> Violations(CfnTemplate template)
    {
        var violations = new List<string>();
        foreach (var (id, function) in template.ResourcesOfType(CfnTemplate.ServerlessFunction))
        {
            if (template.FunctionProperty(function, "AutoPublishAlias") is not JsonValue alias || !alias.TryGetValue<string>(out _))
            {
                violations.Add($"{id}: no AutoPublishAlias: deployments replace the code every caller runs at once, with nothing to roll back to");
                continue;
            }
            if (template.FunctionProperty(function, "DeploymentPreference") is not JsonObject preference)
            {
                violations.Add($"{id}: no DeploymentPreference: a new version takes all traffic with no alarm watching");
                continue;
            }
            violations.AddRange(StageTypes(template, id, preference["Type"]));
            var alarms = (preference["Alarms"] as JsonArray ?? []).Select(a => CfnTemplate.ReferencedId(a)).OfType<string>().ToList();
            if (!alarms.Any(a => Watches(template, a, id, "Errors")))
            {
                violations.Add($"{id}: the DeploymentPreference has no alarm on the function's Errors through its alias as a rollback trigger");
            }
            if (!alarms.Any(a => Watches(template, a, id, "Duration")))
            {
                violations.Add($"{id}: the DeploymentPreference has no alarm on the function's Duration through its alias as a rollback trigger");
            }
        }
        foreach (var (id, machine) in template.ResourcesOfType("AWS::Serverless::StateMachine"))
        {
            foreach (var (name, value) in CfnTemplate.PropertiesOf(machine)["DefinitionSubstitutions"] as JsonObject ?? [])
            {
                if (CfnTemplate.ReferencedId(value) is { } target && template.IsFunction(target.Split('.')[0]) && !target.EndsWith(".Alias", StringComparison.Ordinal)
                    || CfnTemplate.ReferencedId(value, "Arn") is { } arnOf && template.IsFunction(arnOf))
                {
                    violations.Add($"{id}: DefinitionSubstitutions.{name} names the function itself, not its alias: the workflow would bypass gradual deployments");
                }
            }
        }
        return violations;
    }

    /// <summary>Development may deploy at once; every other stage must shift gradually (canary or linear).</summary>
    private static IEnumerable<string> StageTypes(CfnTemplate template, string id, JsonNode? type)
    {
        if (type is not JsonObject { } findInMap || findInMap["Fn::FindInMap"] is not JsonArray { Count: 3 } args
            || args[0]?.GetValue<string>() is not { } mapName || template.Root["Mappings"]?[mapName] is not JsonObject stages)
        {
            yield return $"{id}: DeploymentPreference.Type must come from a per-stage mapping (!FindInMap [<Mapping>, !Ref StageName, <Key>])";
            yield break;
        }
        var key = args[2]?.GetValue<string>() ?? "";
        var allowed = template.Root["Parameters"]?["StageName"]?["AllowedValues"] as JsonArray ?? [];
        foreach (var stage in allowed.Select(s => s!.GetValue<string>()))
        {
            var value = stages[stage]?[key]?.GetValue<string>();
            if (value is null)
            {
                yield return $"{id}: stage {stage} has no deployment type in Mappings.{mapName}";
            }
            else if (stage != "dev" && !s_gradual.Any(g => value.StartsWith(g, StringComparison.Ordinal)))
            {
                yield return $"{id}: stage {stage} deploys {value}; every stage but dev must shift traffic gradually (Canary... or Linear...)";
            }
        }
    }

    /// <summary>Whether alarm <paramref name="alarmId"/> watches AWS/Lambda <paramref name="metric"/> of the function through its live alias (alone or in metric math).</summary>
    private static bool Watches(CfnTemplate template, string alarmId, string functionId, string metric)
    {
        if (template.TypeOfId(alarmId) != "AWS::CloudWatch::Alarm")
        {
            return false;
        }
        var properties = CfnTemplate.PropertiesOf(template.Resource(alarmId));
        var metrics = properties["Metrics"] is JsonArray queries
            ? queries.Select(q => q?["MetricStat"]?["Metric"] as JsonObject).OfType<JsonObject>()
            : [properties];
        return metrics.Any(m => m["Namespace"]?.GetValue<string>() == "AWS/Lambda" && m["MetricName"]?.GetValue<string>() == metric
            && m["Dimensions"] is JsonArray dimensions
            && dimensions.Any(d => d?["Name"]?.GetValue<string>() == "FunctionName" && CfnTemplate.ReferencedId(d["Value"]) == functionId)
            && dimensions.Any(d => d?["Name"]?.GetValue<string>() == "Resource" && CfnTemplate.Walk(d["Value"], "").Any(w => w.Node is JsonValue v && v.TryGetValue<string>(out var s) && s.EndsWith(":live", StringComparison.Ordinal))));
    }
}
