using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests;

/// <summary>The delivery files agree with each other: what the build emits is what the deploy stages read.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public void Buildspec_Artifacts_AreWhatThePipelineDeploys()
    {
        var buildspec = CfnYaml.LoadObject(RepositoryRoot.Read("buildspec.yml"), "buildspec.yml");
        var files = CfnTemplate.Strings(buildspec["artifacts"]?["files"]).ToList();
        var templatePaths = CfnTemplate.Walk(Inputs.Pipeline().Root, "$")
            .Where(n => n.Path.EndsWith(".TemplatePath", StringComparison.Ordinal))
            .SelectMany(n => CfnTemplate.Strings(n.Node))
            .ToList();

        Assert.Equal("0.2", buildspec["version"]!.ToString());
        Assert.Equal(2, templatePaths.Count);
        Assert.All(templatePaths, p => Assert.Contains(p.Split("::")[1], files));
    }

    [Fact]
    public void SamConfig_Stages_MatchThePipelineAndWorkflowStacks()
    {
        var samconfig = RepositoryRoot.Read("samconfig.toml");
        var deploy = RepositoryRoot.Read(".github/workflows/deploy.yml");
        var pipeline = RepositoryRoot.Read(Inputs.PipelinePath);

        foreach (var stage in new[] { "staging", "prod" })
        {
            Assert.Contains($"[{stage}.deploy.parameters]", samconfig, StringComparison.Ordinal);
            Assert.Contains($"stack_name = \"sluice-{stage}\"", samconfig, StringComparison.Ordinal);
            Assert.Contains($"parameter_overrides = \"StageName={stage}\"", samconfig, StringComparison.Ordinal);
            Assert.Contains($"--config-env {stage} ", deploy, StringComparison.Ordinal);
            Assert.Contains($"${{ApplicationName}}-{stage}", pipeline, StringComparison.Ordinal);
        }

        Assert.Contains("infra/smoke-test.sh sluice-staging", deploy, StringComparison.Ordinal);
        Assert.Contains("template_file = \"infra/template.yaml\"", samconfig, StringComparison.Ordinal);
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
            Assert.Contains("--no-fail-on-empty-changeset", j.ToJsonString(), StringComparison.Ordinal);
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
}
