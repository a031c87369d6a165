using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class WorkflowRulesTests
{
    /// <summary>Commands a workflow may call besides the repository's own files (scripts/stage.sh); each is on the runner or installed by a step.</summary>
    public static readonly IReadOnlySet<string> Toolchain = new HashSet<string>(StringComparer.Ordinal)
    {
        "pip",       // actions/setup-python, to install cfn-lint and moto
        "dnf",       // the Amazon Linux 2023 build container's package manager
    };

    public static TheoryData<string> Workflows() => new(Inputs.WorkflowPaths());

    [Fact]
    public void WorkflowPaths_Repository_HasCiAndDeploy()
    {
        Assert.Equal([".github/workflows/ci.yml", ".github/workflows/deploy.yml"], Inputs.WorkflowPaths());
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Shape_Workflow_ParsesWithTriggersJobsAndSteps(string path)
    {
        Assert.Empty(WorkflowRules.Shape(Inputs.Workflow(path), path));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void UnknownCommands_Workflow_None(string path)
    {
        Assert.Empty(WorkflowRules.UnknownCommands(Inputs.Workflow(path), path, Toolchain, RepositoryRoot.Directory));
    }

    [Fact]
    public void UnknownCommands_MadeUpCommand_Reported()
    {
        var workflow = Inputs.Workflow(".github/workflows/ci.yml");
        workflow["jobs"]!["build-test"]!["steps"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["run"] = "pip --version\nFOO=1 frobnicate --now && dnf --version",
        });

        var violation = Assert.Single(WorkflowRules.UnknownCommands(workflow, "ci.yml", Toolchain, RepositoryRoot.Directory));
        Assert.Contains("'frobnicate'", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommands_MissingRepositoryScript_Reported()
    {
        var workflow = Inputs.Workflow(".github/workflows/deploy.yml");
        workflow["jobs"]!["staging"]!["steps"]![4]!["run"] = "infra/no-such-script.sh sluice-staging";

        var violation = Assert.Single(WorkflowRules.UnknownCommands(workflow, "deploy.yml", Toolchain, RepositoryRoot.Directory));
        Assert.Contains("'infra/no-such-script.sh'", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_ContinuationsQuotesAndOperators_FindEachCommandWord()
    {
        var script = "# comment\nA=1 B=2 sam deploy \\\n  --query \"x | y && z\" | tee out; make a || ./run.sh\n";

        Assert.Equal(["sam", "tee", "make", "./run.sh"], WorkflowRules.Commands(script));
    }

    [Fact]
    public void Shape_StepWithBothUsesAndRun_Reported()
    {
        var workflow = Inputs.Workflow(".github/workflows/ci.yml");
        workflow["jobs"]!["build-test"]!["steps"]![0]!["run"] = "dotnet --info";

        Assert.Single(WorkflowRules.Shape(workflow, "ci.yml"));
    }
}
