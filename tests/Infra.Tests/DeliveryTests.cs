using Sluice.Infra.Tests.Cfn;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

/// <summary>The delivery files agree with each other: what the build emits is what the deploy stages read.</summary>
public sealed class DeliveryTests
{
    private const string StageScript = "scripts/stage.sh";

    [Fact]
    public void Buildspec_Artifacts_AreWhatTheDeployStagesRead()
    {
        var buildspec = Buildspec();
        var files = CfnTemplate.Strings(buildspec["artifacts"]?["files"]).ToList();
        var deployActions = CfnTemplate.Walk(Inputs.Pipeline().Root, "$")
            .Where(n => n.Path.EndsWith(".InputArtifacts[0].Name", StringComparison.Ordinal))
            .Count(n => n.Node.GetValue<string>() == "BuildOutput");

        Assert.Equal("0.2", buildspec["version"]!.ToString());
        Assert.Equal(["packaged.yaml", StageScript, "infra/smoke-test.sh"], files);
        Assert.Equal(3, deployActions);
    }

    [Fact]
    public void RunnerFiles_Commands_OnlyInstallToolsOrCallStages()
    {
        var violations = Inputs.WorkflowPaths()
            .SelectMany(p => RunnerRules.Violations(p, RunnerRules.WorkflowCommands(Inputs.Workflow(p))))
            .Concat(RunnerRules.Violations("buildspec.yml", RunnerRules.BuildspecCommands(Buildspec())))
            .Concat(RunnerRules.Violations(Inputs.PipelinePath, RunnerRules.InlineBuildspecCommands(Inputs.Pipeline())));

        Assert.Empty(violations);
    }

    [Fact]
    public void RunnerRules_LogicInTheYaml_Reported()
    {
        var workflow = Inputs.Workflow(".github/workflows/deploy.yml");
        workflow["jobs"]!["staging"]!["steps"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["run"] = "sam deploy --config-env staging --no-confirm-changeset",
        });

        var violation = Assert.Single(RunnerRules.Violations("deploy.yml", RunnerRules.WorkflowCommands(workflow)));
        Assert.Contains("'sam deploy --config-env staging --no-confirm-changeset' is neither", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Runners_EveryStage_CalledInOrder()
    {
        var github = RunnerRules.StageCalls(RunnerRules.WorkflowCommands(Inputs.Workflow(".github/workflows/deploy.yml"))).ToList();
        var ci = RunnerRules.StageCalls(RunnerRules.WorkflowCommands(Inputs.Workflow(".github/workflows/ci.yml"))).ToList();
        var codeBuild = RunnerRules.StageCalls(RunnerRules.BuildspecCommands(Buildspec())).ToList();
        var pipeline = RepositoryRoot.Read(Inputs.PipelinePath);

        Assert.Equal([$"{StageScript} test", $"{StageScript} build"], ci);
        Assert.Equal([$"{StageScript} build", $"{StageScript} package", $"{StageScript} deploy staging",
            $"{StageScript} smoke staging", $"{StageScript} promote staging prod"], github);
        Assert.Equal([$"{StageScript} test", $"{StageScript} build", $"{StageScript} package"], codeBuild);
        Assert.Contains("bash scripts/stage.sh smoke staging", pipeline, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"deploy staging\"", pipeline, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"promote staging prod\"", pipeline, StringComparison.Ordinal);
    }

    [Fact]
    public void SamConfig_Stages_MatchTheStageScriptStacks()
    {
        var samconfig = RepositoryRoot.Read("samconfig.toml");
        var script = RepositoryRoot.Read(StageScript);
        var pipeline = RepositoryRoot.Read(Inputs.PipelinePath);

        foreach (var stage in new[] { "staging", "prod" })
        {
            Assert.Contains($"[{stage}.deploy.parameters]", samconfig, StringComparison.Ordinal);
            Assert.Contains($"stack_name = \"sluice-{stage}\"", samconfig, StringComparison.Ordinal);
            Assert.Contains($"parameter_overrides = \"StageName={stage}\"", samconfig, StringComparison.Ordinal);
            Assert.Contains($"${{ApplicationName}}-{stage}", pipeline, StringComparison.Ordinal);
        }

        Assert.Contains("app=\"${APPLICATION_NAME:-sluice}\"", script, StringComparison.Ordinal);
        Assert.Contains("local stage=\"$1\" stack=\"$app-$1\"", script, StringComparison.Ordinal);
        Assert.Contains("\"StageName=$stage\"", script, StringComparison.Ordinal);
        Assert.Contains("--no-fail-on-empty-changeset", script, StringComparison.Ordinal);
        Assert.Contains("template_file = \"infra/template.yaml\"", samconfig, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData(".github/workflows/deploy.yml")]
    public void Workflows_Actions_PinnedToACommitSha(string file)
    {
        Assert.Empty(RunnerRules.UnpinnedActions(file, RepositoryRoot.Read(file)));
    }

    [Fact]
    public void UnpinnedActions_TagOrShaWithoutVersion_Reported()
    {
        var text = "steps:\n  - uses: actions/checkout@v4\n  - uses: actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9\n"
            + "  - uses: ./.github/workflows/ci.yml\n  - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0\n";

        var violations = RunnerRules.UnpinnedActions("w.yml", text).ToList();

        Assert.Equal(["w.yml:2: '- uses: actions/checkout@v4' is not pinned to a full commit SHA with its version in a comment",
            "w.yml:3: '- uses: actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9' is not pinned to a full commit SHA with its version in a comment"], violations);
    }

    [Fact]
    public void DeployWorkflow_Credentials_NeverInTheBuildAndDeploysThroughTheExecutionRole()
    {
        Assert.Empty(RunnerRules.CredentialViolations(Inputs.Workflow(".github/workflows/deploy.yml")));
    }

    [Fact]
    public void CredentialViolations_BuildWithCredentialsOrDeployWithoutExecutionRole_Reported()
    {
        var workflow = Inputs.Workflow(".github/workflows/deploy.yml");
        workflow["jobs"]!["build"]!["permissions"]!["id-token"] = "write";
        var deploy = workflow["jobs"]!["staging"]!["steps"]!.AsArray().Single(step => step!["name"]?.GetValue<string>() == "Deploy staging")!;
        deploy["env"]!.AsObject().Remove("DEPLOY_ROLE_ARN");

        Assert.Equal(["build: runs scripts/stage.sh build with id-token: write (it could assume the deploy role)",
            "staging: deploys without DEPLOY_ROLE_ARN (CloudFormation would act with the workflow's own role)"], RunnerRules.CredentialViolations(workflow));
    }

    [Fact]
    public void DeployWorkflow_Deployments_OneAtATimeThroughOidc()
    {
        var workflow = Inputs.Workflow(".github/workflows/deploy.yml");

        foreach (var job in new[] { "staging", "production" })
        {
            var j = workflow["jobs"]![job]!;
            Assert.Equal("false", j["concurrency"]!["cancel-in-progress"]!.ToString());
            Assert.Equal("write", j["permissions"]!["id-token"]!.GetValue<string>());
        }

        Assert.Equal("production", workflow["jobs"]!["production"]!["environment"]!.GetValue<string>());
        Assert.DoesNotContain("aws-secret-access-key", workflow.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildImage_DotnetSdk_IsTheOneGlobalJsonPins()
    {
        var pinned = System.Text.Json.Nodes.JsonNode.Parse(RepositoryRoot.Read("global.json"))!["sdk"]!["version"]!.GetValue<string>();
        var dockerfile = RepositoryRoot.Read("infra/build-image/Dockerfile");

        Assert.Contains($"ARG DOTNET_SDK_VERSION={pinned}\n", dockerfile, StringComparison.Ordinal);
    }

    private static System.Text.Json.Nodes.JsonObject Buildspec() =>
        CfnYaml.LoadObject(RepositoryRoot.Read("buildspec.yml"), "buildspec.yml");
}
