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
        var start = new ProcessStartInfo(RequireExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.RootDirectory,
        };
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("parseable");
        foreach (var template in templates)
        {
            start.ArgumentList.Add(template);
        }

        // The SAM translator needs a region to expand the transform; no AWS call is made.
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cfn-lint did not finish within 120 s on {string.Join(", ", templates)}");
        }

        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
