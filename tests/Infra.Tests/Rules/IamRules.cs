using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>Least privilege: no wildcard action, no "*" resource outside the listed exceptions.</summary>
internal static class IamRules
{
    public static IReadOnlyList<string> Wildcards(CfnTemplate template, IReadOnlyList<IamException> exceptions)
    {
        var violations = new List<string>();
        var allowed = exceptions.Where(e => e.Template == template.Name)
            .Select(e => (e.LogicalId, e.Sid)).ToHashSet();
        var used = new HashSet<(string, string)>();

        foreach (var (id, resource) in template.AllResources())
        {
            var type = CfnTemplate.TypeOf(resource);
            var properties = CfnTemplate.PropertiesOf(resource);
            if (type is CfnTemplate.ServerlessFunction or "AWS::Serverless::StateMachine" && properties["Role"] is null)
            {
                violations.Add($"{template.Name}: {id} has no Role, so SAM would attach managed policies with \"*\" resources");
            }

            if (properties["ManagedPolicyArns"] is not null || properties["Policies"] is JsonArray { Count: > 0 } && type.StartsWith("AWS::Serverless::", StringComparison.Ordinal))
            {
                violations.Add($"{template.Name}: {id} uses managed or SAM policies, which this rule cannot see into");
            }

            foreach (var (path, statement) in Statements(properties, $"{id}.Properties"))
            {
                var sid = statement["Sid"]?.GetValue<string>();
                var where = $"{template.Name}: {path}{(sid is null ? "" : $" ({sid})")}";
                if (statement["NotAction"] is not null || statement["NotResource"] is not null)
                {
                    violations.Add($"{where}: NotAction/NotResource grant everything else");
                }

                foreach (var action in CfnTemplate.Strings(statement["Action"]).Where(a => a.Contains('*', StringComparison.Ordinal)))
                {
                    violations.Add($"{where}: wildcard action '{action}'");
                }

                if (statement["Effect"]?.GetValue<string>() == "Allow" && IsEveryone(statement["Principal"]))
                {
                    violations.Add($"{where}: allows every principal");
                }

                if (!CfnTemplate.Strings(statement["Resource"]).Contains("*"))
                {
                    continue;
                }

                if (sid is not null && allowed.Contains((id, sid)))
                {
                    used.Add((id, sid));
                }
                else
                {
                    violations.Add($"{where}: resource \"*\" is not a listed exception");
                }
            }
        }

        violations.AddRange(allowed.Where(a => !used.Contains(a))
            .Select(a => $"{template.Name}: exception {a.LogicalId}/{a.Sid} matches no \"*\" statement; remove it"));
        return violations;
    }

    /// <summary>Every exception is explained where it is made: a comment right above its Sid.</summary>
    public static IReadOnlyList<string> UncommentedExceptions(string templateText, string templateName, IReadOnlyList<IamException> exceptions)
    {
        var violations = new List<string>();
        var lines = templateText.Split('\n');
        foreach (var exception in exceptions.Where(e => e.Template == templateName))
        {
            var start = Array.FindIndex(lines, l => l.TrimEnd() == $"  {exception.LogicalId}:");
            var sidLine = start < 0 ? -1 : Array.FindIndex(lines, start, l => l.Trim() == $"- Sid: {exception.Sid}");
            var previous = sidLine - 1;
            while (previous > 0 && lines[previous].Trim().Length == 0)
            {
                previous--;
            }

            if (sidLine < 0 || previous < 0 || !lines[previous].TrimStart().StartsWith('#'))
            {
                violations.Add($"{templateName}: {exception.LogicalId}/{exception.Sid} has no comment above it saying why \"*\"");
            }
        }

        return violations;
    }

    private static IEnumerable<(string Path, JsonObject Statement)> Statements(JsonObject properties, string path)
    {
        foreach (var (nodePath, node) in CfnTemplate.Walk(properties, path))
        {
            if (node is not JsonObject obj || obj["Statement"] is not { } statements)
            {
                continue;
            }

            var list = statements as JsonArray ?? [statements.DeepClone()];
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject statement)
                {
                    yield return ($"{nodePath}.Statement[{i}]", statement);
                }
            }
        }
    }

    private static bool IsEveryone(JsonNode? principal) =>
        CfnTemplate.Strings(principal).Contains("*") ||
        principal is JsonObject p && CfnTemplate.Strings(p["AWS"]).Contains("*");
}
