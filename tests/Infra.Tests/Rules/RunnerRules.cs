using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// The runners' files (GitHub workflows, buildspec.yml, the pipeline's inline buildspecs) only install
/// tools and call scripts/stage.sh, so the pipeline's logic is the script that is tested here.
/// </summary>
internal static partial class RunnerRules
{
    /// <summary>Every command a runner file runs, each a trimmed line, comments and blanks left out.</summary>
    public static IEnumerable<string> WorkflowCommands(JsonObject workflow) =>
        (workflow["jobs"] as JsonObject ?? [])
            .SelectMany(job => job.Value?["steps"] as JsonArray ?? [])
            .Select(step => step?["run"]?.GetValue<string>())
            .OfType<string>()
            .SelectMany(Lines);

    public static IEnumerable<string> BuildspecCommands(JsonObject buildspec) =>
        (buildspec["phases"] as JsonObject ?? [])
            .SelectMany(phase => CfnTemplate.Strings(phase.Value?["commands"]))
            .SelectMany(Lines);

    /// <summary>The commands of each CodeBuild project's inline buildspec (a file name such as buildspec.yml is read on its own).</summary>
    public static IEnumerable<string> InlineBuildspecCommands(CfnTemplate pipeline) =>
        pipeline.AllResources()
            .Where(r => CfnTemplate.TypeOf(r.Resource) == "AWS::CodeBuild::Project")
            .Select(r => CfnTemplate.PropertiesOf(r.Resource)["Source"]?["BuildSpec"])
            .OfType<JsonValue>()
            .Select(v => v.GetValue<string>())
            .Where(s => s.Contains('\n', StringComparison.Ordinal))
            .SelectMany(s => BuildspecCommands(CfnYaml.LoadObject(s, "inline buildspec")));

    /// <summary>The commands that neither install a tool, set up the shell, nor call a stage.</summary>
    public static IEnumerable<string> Violations(string file, IEnumerable<string> commands) =>
        commands.Where(c => !StageCommand().IsMatch(c) && !Setup().IsMatch(c))
            .Select(c => $"{file}: '{c}' is neither a tool installation nor a scripts/stage.sh call");

    /// <summary>The stage commands a runner file calls, without the leading "bash ".</summary>
    public static IEnumerable<string> StageCalls(IEnumerable<string> commands) =>
        commands.Select(c => StageCommand().Match(c)).Where(m => m.Success).Select(m => m.Groups["call"].Value);

    /// <summary>
    /// A job that builds (runs the repository's code) neither holds AWS credentials nor may ask for an
    /// OIDC token; a job that deploys hands CloudFormation its own execution role (DEPLOY_ROLE_ARN).
    /// </summary>
    public static IReadOnlyList<string> CredentialViolations(JsonObject workflow)
    {
        var violations = new List<string>();
        foreach (var (name, node) in workflow["jobs"] as JsonObject ?? [])
        {
            var steps = (node?["steps"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var runs = steps.Select(step => step["run"]?.GetValue<string>() ?? "").ToList();
            if (runs.Any(r => r.Contains("scripts/stage.sh build", StringComparison.Ordinal)))
            {
                if (node?["permissions"]?["id-token"]?.GetValue<string>() == "write")
                {
                    violations.Add($"{name}: runs scripts/stage.sh build with id-token: write (it could assume the deploy role)");
                }
                if (steps.Any(step => step["uses"]?.GetValue<string>().StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true))
                {
                    violations.Add($"{name}: runs scripts/stage.sh build in a job that configures AWS credentials");
                }
            }
            foreach (var step in steps.Where(step => step["run"]?.GetValue<string>() is { } run
                && (run.Contains("scripts/stage.sh deploy", StringComparison.Ordinal) || run.Contains("scripts/stage.sh promote", StringComparison.Ordinal))))
            {
                if (step["env"]?["DEPLOY_ROLE_ARN"] is null)
                {
                    violations.Add($"{name}: deploys without DEPLOY_ROLE_ARN (CloudFormation would act with the workflow's own role)");
                }
            }
        }
        return violations;
    }

    /// <summary>
    /// Every action a workflow uses from another repository is pinned to a full commit SHA, with the
    /// version it is in a comment: a tag can be moved to other code, a commit cannot.
    /// </summary>
    public static IEnumerable<string> UnpinnedActions(string file, string text) =>
        text.Split('\n')
            .Select((line, i) => (Line: line.Trim(), Number: i + 1))
            .Where(l => l.Line.StartsWith("- uses:", StringComparison.Ordinal) || l.Line.StartsWith("uses:", StringComparison.Ordinal))
            .Where(l => !l.Line.Contains("uses: ./", StringComparison.Ordinal) && !PinnedAction().IsMatch(l.Line))
            .Select(l => $"{file}:{l.Number}: '{l.Line}' is not pinned to a full commit SHA with its version in a comment");

    [GeneratedRegex(@"uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v[0-9]+(\.[0-9]+)*$")]
    private static partial Regex PinnedAction();

    private static IEnumerable<string> Lines(string run) =>
        run.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [GeneratedRegex(@"^(bash )?(?<call>scripts/stage\.sh (build|test|package|deploy [a-z]+|smoke [a-z]+|promote [a-z]+ [a-z]+|\$STAGE_COMMAND))$")]
    private static partial Regex StageCommand();

    [GeneratedRegex(@"^(dnf install |pip3? install |curl -sSfL https://dot\.net/v1/dotnet-install\.sh |bash /tmp/dotnet-install\.sh |export PATH=)")]
    private static partial Regex Setup();
}
