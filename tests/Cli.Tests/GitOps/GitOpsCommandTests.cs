using System.Diagnostics;
using Sluice.Cli.GitOps;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.GitOps;

/// <summary>
/// `sluice gitops`'s bad input (one line, non-zero exit, nothing changed) and the pieces the pipeline
/// reads from its tools' output. The whole pipeline runs in <see cref="GitOpsDemoTests"/>.
/// </summary>
public sealed class GitOpsCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-gitops-test-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string State => Path.Combine(_scratch, "state");

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--state", State, "--endpoint", "http://127.0.0.1:9"],
            environment: new Dictionary<string, string?> { ["HOME"] = CliRunner.EmptyHome, ["PATH"] = Environment.GetEnvironmentVariable("PATH") });

    private string Repository()
    {
        var repo = Path.Combine(_scratch, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "--quiet", "--initial-branch", "main");
        File.WriteAllText(Path.Combine(repo, "README.md"), "x\n");
        Git(repo, "add", ".");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "--quiet", "-m", "first");
        return repo;
    }

    private static void Git(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, git.StandardError.ReadToEnd());
    }

    private static void AssertOneLine(CliResult result, string expected)
    {
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_PathThatIsNotARepository_OneLineAndNothingDeployed()
    {
        var result = await RunAsync("gitops", "watch", "--repo", _scratch, "--artifact-bucket", "b", "--once");

        AssertOneLine(result, "is not a Git repository");
        Assert.False(File.Exists(Path.Combine(State, "log.jsonl")));
    }

    [Fact]
    public async Task Watch_BranchThatDoesNotExist_OneLineNamingIt()
    {
        var result = await RunAsync("gitops", "watch", "--repo", Repository(), "--branch", "nope", "--artifact-bucket", "b", "--once");

        AssertOneLine(result, "branch 'nope' does not exist in");
    }

    [Fact]
    public async Task Watch_SecondWatcherOfAStage_Refused()
    {
        var repo = Repository();
        Directory.CreateDirectory(Path.Combine(State, "locks"));
        using var held = new FileStream(Path.Combine(State, "locks", "prod.watch.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);

        var result = await RunAsync("gitops", "watch", "--repo", repo, "--artifact-bucket", "b", "--once");

        AssertOneLine(result, "a watcher for stage prod is already running");
    }

    [Fact]
    public async Task Watch_ApprovalOfAStageNotInThePipeline_UsageError()
    {
        var result = await RunAsync("gitops", "watch", "--repo", Repository(), "--artifact-bucket", "b", "--stages", "dev,staging", "--approval", "prod", "--once");

        Assert.Equal(2, result.ExitCode);
        AssertOneLine(result, "--approval names 'prod', which is not one of the stages (dev, staging)");
    }

    [Fact]
    public async Task Status_NoState_OneLineSayingHowToStart()
    {
        var result = await RunAsync("gitops", "status");

        AssertOneLine(result, "no GitOps state in");
    }

    [Fact]
    public async Task ApproveAndDiff_NothingPendingOrUnknownStage_OneLineEachAndStateUnchanged()
    {
        Directory.CreateDirectory(State);
        var settings = """{"repo":"/r","branch":"main","stages":["staging","prod"],"approval":["prod"],"application":"sluice","artifactBucket":"b"}""";
        await File.WriteAllTextAsync(Path.Combine(State, "watch.json"), settings, TestContext.Current.CancellationToken);

        AssertOneLine(await RunAsync("gitops", "approve", "prod"), "nothing is waiting for approval on prod");
        AssertOneLine(await RunAsync("gitops", "diff", "qa"), "unknown stage 'qa' (this pipeline's stages: staging, prod)");
        AssertOneLine(await RunAsync("gitops", "reconcile", "staging"), "stage staging has no deployed revision to reconcile to");
        Assert.Equal(settings, await File.ReadAllTextAsync(Path.Combine(State, "watch.json"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(State, "log.jsonl")));
    }

    [Fact]
    public async Task Watch_CommitThatDoesNotCompile_FailsAtBuildWithTheCompilersMessageAndDeploysNothing()
    {
        var repo = Repository();
        Directory.CreateDirectory(Path.Combine(repo, "scripts"));
        // The commit's own stage command is what the watcher runs: here a build that fails as dotnet does.
        await File.WriteAllTextAsync(Path.Combine(repo, "scripts", "stage.sh"), """
            echo "  Determining projects to restore..."
            echo "/src/Ingest/Function.cs(12,9): error CS1002: ; expected [/src/Ingest/Ingest.csproj]"
            echo "Build FAILED."
            exit 1
            """, TestContext.Current.CancellationToken);
        Git(repo, "add", ".");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "--quiet", "-m", "broken");

        var result = await RunAsync("gitops", "watch", "--repo", repo, "--artifact-bucket", "b", "--once");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("build    FAILED: /src/Ingest/Function.cs(12,9): error CS1002: ; expected", result.Out, StringComparison.Ordinal);
        var log = await File.ReadAllLinesAsync(Path.Combine(State, "log.jsonl"), TestContext.Current.CancellationToken);
        var entry = Assert.Single(log);
        Assert.Contains("\"step\":\"build\"", entry, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"failed\"", entry, StringComparison.Ordinal);
        Assert.Contains("error CS1002", entry, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(State, "artifacts")), "nothing was packaged");
        var status = await RunAsync("gitops", "status");
        Assert.Contains("failed at build: /src/Ingest/Function.cs(12,9): error CS1002", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Uploaded_PackageOutput_CountsEachUploadedFileOnceAndNotTheSkippedOnes()
    {
        string[] lines =
        [
            "Uploading to sluice/0f1e2d  1048576 / 7167760.0  (14.63%)\rUploading to sluice/0f1e2d  7167760 / 7167760.0  (100.00%)",
            "File with same data already exists at sluice/aa11bb, skipping upload",
            "Uploading to sluice/3c4d5e.json  2048 / 2048.0  (100.00%)",
        ];

        var (bytes, files) = GitOpsPipeline.Uploaded(lines);

        Assert.Equal(7167760 + 2048, bytes);
        Assert.Equal(2, files);
    }
}
