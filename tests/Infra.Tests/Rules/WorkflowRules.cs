using System.Text;
using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>Every command a workflow's <c>run:</c> step calls exists: in the toolchain list or as a file of the repository.</summary>
internal static class WorkflowRules
{
    public static IReadOnlyList<string> Shape(JsonObject workflow, string name)
    {
        var violations = new List<string>();
        if (workflow["on"] is null)
        {
            violations.Add($"{name}: no 'on' triggers");
        }

        if (workflow["jobs"] is not JsonObject { Count: > 0 } jobs)
        {
            violations.Add($"{name}: no jobs");
            return violations;
        }

        foreach (var (jobId, job) in jobs)
        {
            if (job?["uses"] is null && job?["steps"] is not JsonArray { Count: > 0 })
            {
                violations.Add($"{name}: job {jobId} has neither steps nor a reusable workflow");
            }

            foreach (var step in (job?["steps"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((step["uses"] is null) == (step["run"] is null))
                {
                    violations.Add($"{name}: job {jobId} has a step with {(step["uses"] is null ? "neither" : "both")} uses and run");
                }
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> UnknownCommands(JsonObject workflow, string name, IReadOnlySet<string> toolchain, string repositoryRoot)
    {
        var violations = new List<string>();
        foreach (var (path, node) in CfnTemplate.Walk(workflow, name))
        {
            if (!path.EndsWith(".run", StringComparison.Ordinal) || node is not JsonValue v || !v.TryGetValue<string>(out var script))
            {
                continue;
            }

            foreach (var command in Commands(script))
            {
                var known = toolchain.Contains(command) ||
                            (command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command) &&
                            File.Exists(Path.Combine(repositoryRoot, command)));
                if (!known)
                {
                    violations.Add($"{path}: '{command}' is neither a toolchain command nor a file of the repository");
                }
            }
        }

        return violations;
    }

    /// <summary>The command word of each simple command in a shell snippet (after any VAR=value prefixes).</summary>
    public static IEnumerable<string> Commands(string script)
    {
        var joined = script.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            foreach (var simple in SplitOperators(trimmed))
            {
                var word = simple.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .SkipWhile(w => w.Contains('=', StringComparison.Ordinal) && !w.StartsWith('-') && char.IsLetter(w[0]))
                    .FirstOrDefault();
                if (word is not null)
                {
                    yield return word;
                }
            }
        }
    }

    /// <summary>Splits on ;, |, &amp;&amp; and || outside quotes.</summary>
    private static List<string> SplitOperators(string line)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
                current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                current.Append(c);
            }
            else if (c is ';' or '|' or '&')
            {
                if (i + 1 < line.Length && line[i + 1] == c && c != ';')
                {
                    i++;
                }

                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}
