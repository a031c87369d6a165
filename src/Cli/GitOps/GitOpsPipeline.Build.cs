using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Cli.GitOps;

internal sealed partial class GitOpsPipeline
{
    /// <summary>
    /// Builds the commit from a clean checkout with its own <c>scripts/stage.sh build</c> (unless a
    /// commit with the same build inputs was built already: the same folder is packaged again) and
    /// packages it with <c>scripts/stage.sh package</c>; null when either fails (recorded).
    /// </summary>
    public async Task<ArtifactRecord?> BuildAsync(CommitInfo commit, CancellationToken cancellationToken)
    {
        if (state.Artifact(commit.Sha) is { } built && File.Exists(built.PackagedTemplate))
        {
            return built;
        }
        var watch = Stopwatch.StartNew();
        var key = await _git.BuildKeyAsync(commit.Sha, cancellationToken).ConfigureAwait(false);
        var buildFolder = state.BuildFolder(key);
        var checkout = state.CheckoutFolder(commit.Sha);
        await _git.CheckoutAsync(commit.Sha, checkout, cancellationToken).ConfigureAwait(false);
        try
        {
            var environment = StageEnvironment(commit.Sha);
            environment["BUILD_DIR"] = buildFolder;
            var script = Path.Combine(checkout, "scripts", "stage.sh");
            if (!File.Exists(script))
            {
                Fail(commit, "build", "the commit has no scripts/stage.sh (the stage commands)", watch);
                return null;
            }
            var reused = File.Exists(Path.Combine(buildFolder, "template.yaml"));
            if (reused)
            {
                say($"  build    reused: commit {commit.Short} has the build inputs of an earlier build ({key})");
            }
            else
            {
                say($"  build    scripts/stage.sh build ({state.StepLog(commit.Sha, "build")})");
                var build = await ChildCommand.RunAsync("bash", [script, "build"], checkout, environment, state.StepLog(commit.Sha, "build"), cancellationToken).ConfigureAwait(false);
                if (!build.Succeeded)
                {
                    if (Directory.Exists(buildFolder))
                    {
                        Directory.Delete(buildFolder, recursive: true);
                    }
                    Fail(commit, "build", BuildError(build), watch);
                    return null;
                }
            }
            Record(new LogEntry { Time = Now, Step = "build", Outcome = reused ? "reused" : "succeeded", DurationMs = Elapsed(watch), Detail = $"build inputs {key}" }, commit);

            var packageWatch = Stopwatch.StartNew();
            Directory.CreateDirectory(Path.GetDirectoryName(state.PackagedTemplate(commit.Sha))!);
            var package = await ChildCommand.RunAsync("bash", [script, "package"], checkout, environment, state.StepLog(commit.Sha, "package"), cancellationToken).ConfigureAwait(false);
            if (!package.Succeeded)
            {
                Fail(commit, "package", package.LastLine, packageWatch);
                return null;
            }
            var (bytes, files) = Uploaded(package.Lines);
            var artifact = new ArtifactRecord(commit.Sha, key, state.PackagedTemplate(commit.Sha), reused, bytes, files);
            state.Save(artifact);
            say($"  package  {files} file(s), {bytes:N0} bytes uploaded to s3://{settings.ArtifactBucket}");
            Record(new LogEntry { Time = Now, Step = "package", Outcome = "succeeded", DurationMs = Elapsed(packageWatch), UploadedBytes = bytes, Detail = $"{files} file(s) uploaded" }, commit);
            return artifact;
        }
        finally
        {
            // The checkout's sources stay for the smoke test; what the build left in it goes.
            await GitRepository.GitAsync(checkout, CancellationToken.None, "clean", "-xdfq").ConfigureAwait(false);
        }
    }

    private void Fail(CommitInfo commit, string step, string reason, Stopwatch watch)
    {
        say($"  {step,-8} FAILED: {reason}");
        Record(new LogEntry { Time = Now, Step = step, Outcome = "failed", DurationMs = Elapsed(watch), Detail = reason }, commit);
        var first = state.Stage(settings.Stages[0]);
        first.LastFailure = new StageFailure(commit.Sha, step, reason, Now);
        state.Save(first);
    }

    /// <summary>The compiler's first error line when there is one, else the build's last line.</summary>
    private static string BuildError(ChildResult build) =>
        build.Lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal))?.Trim() ?? build.LastLine;

    /// <summary>
    /// What <c>aws cloudformation package</c> uploaded, from its output: "Uploading to &lt;key&gt;
    /// &lt;sent&gt; / &lt;size&gt;" per file (files already there with the same content are skipped).
    /// </summary>
    internal static (long Bytes, int Files) Uploaded(IEnumerable<string> lines)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines.SelectMany(l => l.Split('\r')))
        {
            var match = UploadLine().Match(line);
            if (match.Success)
            {
                sizes[match.Groups["key"].Value] = (long)double.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
            }
        }
        return (sizes.Values.Sum(), sizes.Count);
    }

    [GeneratedRegex(@"Uploading to (?<key>\S+)\s+\d+\s*/\s*(?<size>[0-9.]+)")]
    private static partial Regex UploadLine();
}
