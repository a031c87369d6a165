using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>The template uses only the intrinsics the embedded local cloud evaluates.</summary>
internal static class IntrinsicRules
{
    public static readonly IReadOnlySet<string> LocalCloudIntrinsics = new HashSet<string>(StringComparer.Ordinal)
    {
        "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::If", "Fn::Select", "Fn::Split",
    };

    /// <summary>Condition functions, allowed only in the Conditions section.</summary>
    public static readonly IReadOnlySet<string> ConditionFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition",
    };

    public static IReadOnlyList<string> Unsupported(CfnTemplate template)
    {
        var violations = new List<string>();
        foreach (var (path, node) in CfnTemplate.Walk(template.Root, "$"))
        {
            if (node is not JsonObject { Count: 1 } obj)
            {
                continue;
            }

            var key = obj.First().Key;
            var inConditions = path.StartsWith("$.Conditions.", StringComparison.Ordinal);
            var isFunction = key.StartsWith("Fn::", StringComparison.Ordinal) || (inConditions && key == "Condition");
            if (isFunction && !LocalCloudIntrinsics.Contains(key) && !(inConditions && ConditionFunctions.Contains(key)))
            {
                violations.Add($"{template.Name}: {path} uses {key}, which the local cloud does not evaluate");
            }
        }

        return violations;
    }
}
