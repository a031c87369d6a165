using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// The template calls only functions CloudFormation has, each where CloudFormation allows it: condition
/// functions in Conditions, the language extensions' functions only under their transform, and no
/// macro (Fn::Transform), which the local cloud cannot run.
/// </summary>
internal static class IntrinsicRules
{
    public static readonly IReadOnlySet<string> Intrinsics = new HashSet<string>(StringComparer.Ordinal)
    {
        "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::If", "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::Base64",
        "Fn::ImportValue", "Fn::GetAZs", "Fn::Cidr",
    };

    /// <summary>Functions that exist only with Transform AWS::LanguageExtensions.</summary>
    public static readonly IReadOnlySet<string> LanguageExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Fn::Length", "Fn::ToJsonString",
    };

    /// <summary>Condition functions, allowed only in the Conditions section.</summary>
    public static readonly IReadOnlySet<string> ConditionFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition",
    };

    public static IReadOnlyList<string> Unsupported(CfnTemplate template)
    {
        var transforms = template.Root["Transform"] switch
        {
            JsonArray list => list.Select(n => n?.ToString()).ToList(),
            { } single => [single.ToString()],
            null => [],
        };
        var extensions = transforms.Contains("AWS::LanguageExtensions");
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
            var allowed = Intrinsics.Contains(key) || (extensions && LanguageExtensions.Contains(key)) || (inConditions && ConditionFunctions.Contains(key));
            if (isFunction && !allowed)
            {
                violations.Add($"{template.Name}: {path} uses {key}, which CloudFormation does not allow there");
            }
        }

        return violations;
    }
}
