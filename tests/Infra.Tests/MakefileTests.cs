using System.Diagnostics;

namespace Sluice.Infra.Tests;

/// <summary>The function Makefiles sam build runs (BuildMethod: makefile), checked with make itself, without publishing.</summary>
public sealed class MakefileTests
{
    public static TheoryData<string, string> Functions() => new()
    {
        { "Ingest", "IngestFunction" },
        { "Processor", "ProcessorFunction" },
        { "Orchestrator", "OrchestratorFunction" },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task DryRun_X64Host_PublishesTheProjectAndCopiesBootstrap(string project, string logicalId)
    {
        var (exitCode, output) = await MakeAsync(project, "-n", $"build-{logicalId}", "ARTIFACTS_DIR=/tmp/sluice-artifacts", "ARCH=x86_64");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"dotnet publish {project}.csproj --nologo -c Release -r linux-x64", output, StringComparison.Ordinal);
        Assert.Contains("cp bin/sam-publish/linux-x64/bootstrap \"/tmp/sluice-artifacts/bootstrap\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task DryRun_Arm64Host_PublishesForLinuxArm64(string project, string logicalId)
    {
        var (exitCode, output) = await MakeAsync(project, "-n", $"build-{logicalId}", "ARTIFACTS_DIR=/tmp/sluice-artifacts", "ARCH=aarch64");

        Assert.True(exitCode == 0, output);
        Assert.Contains("-r linux-arm64", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Build_NoArtifactsDir_FailsSayingSo(string project, string logicalId)
    {
        var (exitCode, output) = await MakeAsync(project, $"build-{logicalId}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ARTIFACTS_DIR is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_UnknownArchitecture_FailsNamingIt()
    {
        var (exitCode, output) = await MakeAsync("Ingest", "build-IngestFunction", "ARTIFACTS_DIR=/tmp/sluice-artifacts", "ARCH=sparc64");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unsupported architecture 'sparc64'", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> MakeAsync(string project, params string[] arguments)
    {
        if (!File.Exists("/usr/bin/make") && !File.Exists("/bin/make"))
        {
            Assert.Skip("make not installed: sam build runs the function Makefiles with it (apt-get install make)");
        }

        var start = new ProcessStartInfo("make");
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(RepositoryRoot.PathOf($"src/{project}"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The caller's environment must not decide the outcome.
        start.Environment.Remove("ARTIFACTS_DIR");
        start.Environment.Remove("RID");
        start.Environment.Remove("ARCH");
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(30));
        return (exitCode, stdout + stderr);
    }
}
