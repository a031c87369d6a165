using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>The ASL's <c>${...}</c> placeholders and the state machine's DefinitionSubstitutions match one to one.</summary>
internal static partial class SubstitutionRules
{
    public const string StateMachineType = "AWS::Serverless::StateMachine";

    /// <summary>Each state machine with a DefinitionUri, with the definition text it points at.</summary>
    public static IEnumerable<(string Id, JsonObject Properties, string Definition)> StateMachines(
        CfnTemplate template, Func<string, string> readDefinition)
    {
        foreach (var (id, machine) in template.ResourcesOfType(StateMachineType))
        {
            var properties = CfnTemplate.PropertiesOf(machine);
            if (properties["DefinitionUri"] is JsonValue uri && uri.TryGetValue<string>(out var path))
            {
                yield return (id, properties, readDefinition(Path.GetFullPath(Path.Combine(template.Directory, path))));
            }
        }
    }

    public static IReadOnlyList<string> Unmatched(CfnTemplate template, Func<string, string> readDefinition)
    {
        var violations = new List<string>();
        foreach (var (id, properties, definition) in StateMachines(template, readDefinition))
        {
            var used = Placeholders(definition);
            var defined = (properties["DefinitionSubstitutions"] as JsonObject ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            violations.AddRange(used.Where(u => !defined.Contains(u))
                .Select(u => $"{template.Name}: {id} definition uses ${{{u}}} but DefinitionSubstitutions has no {u}"));
            violations.AddRange(defined.Where(d => !used.Contains(d))
                .Select(d => $"{template.Name}: {id} substitution {d} is never used in the definition"));
        }

        return violations;
    }

    /// <summary>Every substituted ARN (a key ending in Arn, or a GetAtt of an Arn) is the ARN of a function in the template, or of its SAM alias.</summary>
    public static IReadOnlyList<string> NonFunctionArns(CfnTemplate template)
    {
        var violations = new List<string>();
        foreach (var (id, machine) in template.ResourcesOfType(StateMachineType))
        {
            foreach (var (key, value) in CfnTemplate.PropertiesOf(machine)["DefinitionSubstitutions"] as JsonObject ?? [])
            {
                var getAttArn = CfnTemplate.ReferencedId(value, "Arn");
                if (!key.EndsWith("Arn", StringComparison.Ordinal) && getAttArn is null)
                {
                    continue;
                }

                // SAM's !Ref <function>.Alias is the ARN of the function's AutoPublishAlias alias.
                var reference = CfnTemplate.ReferencedId(value);
                var target = getAttArn
                    ?? (reference is not null && (!reference.Contains('.', StringComparison.Ordinal) || reference.EndsWith(".Alias", StringComparison.Ordinal))
                        ? reference.Split('.')[0]
                        : null);
                if (target is null || !template.IsFunction(target))
                {
                    violations.Add($"{template.Name}: {id} substitution {key} is not !GetAtt <function>.Arn or !Ref <function>.Alias of a function in the template");
                }
            }
        }

        return violations;
    }

    public static HashSet<string> Placeholders(string definition) =>
        PlaceholderPattern().Matches(definition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex PlaceholderPattern();
}
