using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Build;

/// <summary>
/// `sluice build` on a small app whose Makefile writes a shell bootstrap: what runs where, what it
/// writes (the layout and template `sam build` writes) and how each failure reads.
/// </summary>
public sealed class BuildCommandTests
{
    private const string Template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: provided.al2023
            Handler: bootstrap
        Resources:
          FnFunction:
            Type: AWS::Serverless::Function
            Metadata:
              BuildMethod: makefile
              ProjectRootDirectory: ..
              ContextPath: ../src/Fn
              WorkingDirectory: ../src/Fn
            Properties:
              CodeUri: ../src/Fn
              Role: !GetAtt Role.Arn
              Environment:
                Variables:
                  QUEUE: !Ref Queue
                  NAME: !Sub "${AWS::StackName}-fn"
          Queue:
            Type: AWS::SQS::Queue
          Machine:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: ../statemachines/machine.asl.json
              Role: !GetAtt [Role, Arn]
          Packaged:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: s3://bucket/already-built.zip
              Role: !GetAtt Role.Arn
        """;

    // Writes where make ran and what the shared file beside the project says, so a test sees the copy it ran in.
    private const string Makefile = "include ../Shared.mk\nbuild-FnFunction:\n\t@echo compiling >&2\n\tprintf '#!/bin/sh\\n' > \"$(ARTIFACTS_DIR)/bootstrap\"\n\techo \"$(CURDIR) $(SHARED)\" > \"$(ARTIFACTS_DIR)/where\"\n";

    private static string App(string makefile = Makefile)
    {
        var root = Directory.CreateTempSubdirectory("sluice-build-app-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "infra"));
        Directory.CreateDirectory(Path.Combine(root, "src", "Fn", "obj"));
        Directory.CreateDirectory(Path.Combine(root, "statemachines"));
        File.WriteAllText(Path.Combine(root, "infra", "template.yaml"), Template);
        File.WriteAllText(Path.Combine(root, "src", "Fn", "Makefile"), makefile);
        File.WriteAllText(Path.Combine(root, "src", "Fn", "obj", "stale"), "from another build");
        File.WriteAllText(Path.Combine(root, "src", "Shared.mk"), "SHARED := shared-included\n");
        File.WriteAllText(Path.Combine(root, "statemachines", "machine.asl.json"), "{}");
        return root;
    }

    private static Dictionary<string, string?> Environment(string? path = null) => new()
    {
        ["HOME"] = CliRunner.EmptyHome,
        ["PATH"] = path ?? System.Environment.GetEnvironmentVariable("PATH"),
    };

    private static Task<CliResult> BuildAsync(string root, params string[] args) =>
        CliRunner.RunAsync(["build", .. args], host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = host.Environment,
            WorkingDirectory = root,
        }, Environment());

    private static void RequireMake()
    {
        if (Sluice.Cli.Build.MakeRunner.Find(new Sluice.Shared.DictionaryEnvironment(Environment())) is null)
        {
            Assert.Skip("make is not on the PATH: sluice build runs Makefiles (apt-get install make)");
        }
    }

    [Fact]
    public async Task Build_MakefileFunction_WritesTheArtifactFolderAndTheTemplateAsSamBuildDoes()
    {
        RequireMake();
        var root = App();

        var result = await BuildAsync(root);

        Assert.True(result.ExitCode == 0, result.ToString());
        var build = Path.Combine(root, ".aws-sam", "build");
        Assert.True(File.Exists(Path.Combine(build, "FnFunction", "bootstrap")), result.ToString());
        var template = await File.ReadAllTextAsync(Path.Combine(build, "template.yaml"), TestContext.Current.CancellationToken);
        Assert.Contains("      CodeUri: FnFunction\n", template, StringComparison.Ordinal);
        Assert.Contains("      DefinitionUri: ../../statemachines/machine.asl.json\n", template, StringComparison.Ordinal);
        Assert.Contains("      CodeUri: s3://bucket/already-built.zip\n", template, StringComparison.Ordinal);
        Assert.Contains("        Fn::GetAtt:\n        - Role\n        - Arn\n", template, StringComparison.Ordinal);
        Assert.Contains("          QUEUE:\n            Ref: Queue\n", template, StringComparison.Ordinal);
        Assert.Contains("Fn::Sub: \"${AWS::StackName}-fn\"", template, StringComparison.Ordinal);
        Assert.DoesNotContain("!", template, StringComparison.Ordinal);
        Assert.Contains("Built Template   : .aws-sam/build/template.yaml", result.Out, StringComparison.Ordinal);
        Assert.Contains("compiling", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Default_RunsMakeInAScratchCopyWithoutBinObjAndLeavesTheSourceAlone()
    {
        RequireMake();
        var root = App();

        var result = await BuildAsync(root);

        Assert.True(result.ExitCode == 0, result.ToString());
        var where = (await File.ReadAllTextAsync(Path.Combine(root, ".aws-sam", "build", "FnFunction", "where"), TestContext.Current.CancellationToken)).Trim().Split(' ');
        Assert.EndsWith("/src/Fn", where[0], StringComparison.Ordinal);
        Assert.False(where[0].StartsWith(root, StringComparison.Ordinal), where[0]);
        Assert.Equal("shared-included", where[1]);
        Assert.False(Directory.Exists(where[0]), "the scratch copy is removed after the build");
        Assert.Equal(["Makefile", "obj"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "src", "Fn")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Build_InAGitWorkTree_CopiesWhatGitWouldCommitOnly()
    {
        RequireMake();
        var root = App("build-FnFunction:\n\tls -a .. > \"$(ARTIFACTS_DIR)/listing\"\n");
        await File.WriteAllTextAsync(Path.Combine(root, ".gitignore"), "ignored/\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(root, "src", "ignored"));
        await File.WriteAllTextAsync(Path.Combine(root, "src", "ignored", "big"), "x", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(root, "src", "untracked.txt"), "x", TestContext.Current.CancellationToken);
        var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", root, "init", "-q"]) { RedirectStandardError = true });
        if (git is null)
        {
            Assert.Skip("git is not installed");
        }
        await git.WaitForExitAsync(TestContext.Current.CancellationToken);

        var result = await BuildAsync(root);

        Assert.True(result.ExitCode == 0, result.ToString());
        var listing = (await File.ReadAllTextAsync(Path.Combine(root, ".aws-sam", "build", "FnFunction", "listing"), TestContext.Current.CancellationToken)).Split('\n');
        Assert.Contains("untracked.txt", listing);
        Assert.Contains("Shared.mk", listing);
        Assert.DoesNotContain("ignored", listing);
    }

    [Fact]
    public async Task Build_BuildInSource_RunsMakeInTheWorkingDirectory()
    {
        RequireMake();
        var root = App();

        var result = await BuildAsync(root, "--build-in-source", "--build-dir", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var where = await File.ReadAllTextAsync(Path.Combine(root, "out", "FnFunction", "where"), TestContext.Current.CancellationToken);
        Assert.Equal(Path.Combine(root, "src", "Fn") + " shared-included", where.Trim());
        Assert.Contains("      DefinitionUri: ../statemachines/machine.asl.json\n", await File.ReadAllTextAsync(Path.Combine(root, "out", "template.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Again_EmptiesTheBuildFolderFirst()
    {
        RequireMake();
        var root = App();
        Directory.CreateDirectory(Path.Combine(root, ".aws-sam", "build", "OldFunction"));

        var result = await BuildAsync(root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, ".aws-sam", "build", "OldFunction")));
    }

    [Fact]
    public async Task Build_TargetFails_ShowsMakesOutputAndExitCode()
    {
        RequireMake();
        var root = App("build-FnFunction:\n\t@echo 'error CS1002: ; expected' >&2\n\t@exit 3\n");

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error CS1002: ; expected", result.Error, StringComparison.Ordinal);
        var line = Assert.Single(result.Error.Split('\n'), l => l.StartsWith("sluice:", StringComparison.Ordinal));
        Assert.Matches(@"^sluice: FnFunction: make build-FnFunction failed with exit code 2: make: \*\*\* .*Error 3", line);
        Assert.False(File.Exists(Path.Combine(root, ".aws-sam", "build", "template.yaml")), "no built template after a failed build");
    }

    [Fact]
    public async Task Build_NoTarget_SaysMakeFailedWithItsMessage()
    {
        RequireMake();
        var root = App("other:\n\ttrue\n");

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No rule to make target 'build-FnFunction'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_TargetWritesNothing_IsRefused()
    {
        RequireMake();
        var root = App("build-FnFunction:\n\t@true\n");

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sluice: FnFunction: make build-FnFunction succeeded but put nothing in ARTIFACTS_DIR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MakeNotOnPath_SaysSoInOneLine()
    {
        var root = App();
        var empty = Directory.CreateTempSubdirectory("sluice-nomake-").FullName;

        var result = await CliRunner.RunAsync(["build"], host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = host.Environment,
            WorkingDirectory = root,
        }, Environment(empty));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("sluice: make is not on the PATH: sluice build runs each function's Makefile (apt-get install make)", result.Error.Trim());
    }

    [Fact]
    public async Task Build_MakefileMissing_NamesThePath()
    {
        RequireMake();
        var root = App();
        File.Delete(Path.Combine(root, "src", "Fn", "Makefile"));

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"sluice: FnFunction: Makefile not found at {Path.Combine(root, "src", "Fn", "Makefile")}", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("infra")]
    public async Task Build_BuildDirHoldsTheWorkingDirectoryOrTemplate_IsRefused(string buildDir)
    {
        var root = App();

        var result = await BuildAsync(root, "--build-dir", buildDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("would be emptied first", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "infra", "template.yaml")));
    }

    [Fact]
    public async Task Build_FunctionWithAnotherBuilder_IsRefusedByName()
    {
        var root = App();
        await File.WriteAllTextAsync(Path.Combine(root, "infra", "template.yaml"),
            "Resources:\n  Py:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ../src/Fn\n      Runtime: python3.12\n      Handler: app.handler\n",
            TestContext.Current.CancellationToken);

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sluice: Py: sluice build runs the makefile build method only", result.Error, StringComparison.Ordinal);
        Assert.Contains("runtime python3.12", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_InvalidYaml_NamesTheLine()
    {
        var root = App();
        await File.WriteAllTextAsync(Path.Combine(root, "infra", "template.yaml"), "Resources:\n  Q:\n    Type: [unclosed\n", TestContext.Current.CancellationToken);

        var result = await BuildAsync(root);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^sluice: .*template\.yaml: not valid YAML at line \d+", result.Error);
    }

    [Fact]
    public async Task Build_Json_ReportsEachFunctionsArtifactFolder()
    {
        RequireMake();
        var root = App();

        var result = await BuildAsync(root, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = System.Text.Json.JsonDocument.Parse(result.Out);
        var function = Assert.Single(report.RootElement.GetProperty("functions").EnumerateArray());
        Assert.Equal("FnFunction", function.GetProperty("logicalId").GetString());
        Assert.Equal(Path.Combine(root, ".aws-sam", "build", "FnFunction"), function.GetProperty("artifactsDir").GetString());
        Assert.Equal(Path.Combine(root, ".aws-sam", "build", "template.yaml"), report.RootElement.GetProperty("template").GetString());
    }
}
