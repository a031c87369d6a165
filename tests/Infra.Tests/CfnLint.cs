using System.Diagnostics;

namespace Sluice.Infra.Tests;

/// <summary>Runs the cfn-lint command line (with its SAM translator) and returns its findings.</summary>
internal static class CfnLint
{
    public static string? Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "cfn-lint");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string RequireExecutable()
    {
        var executable = Executable();
        if (executable is null)
        {
            Assert.Skip("cfn-lint not installed: it validates infra/template.yaml, infra/pipeline.yaml and the ASL " +
                        "against the CloudFormation, SAM and Step Functions schemas (pip install cfn-lint)");
        }

        return executable;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] templates)
    {
        var start = new ProcessStartInfo(RequireExecutable()) { WorkingDirectory = RepositoryRoot.Directory };
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("parseable");
        foreach (var template in templates)
        {
            start.ArgumentList.Add(template);
        }

        // The SAM translator needs a region to expand the transform; no AWS call is made.
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(120));
        return (exitCode, (stdout + stderr).Trim());
    }
}
