using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.GitOps;

/// <summary>
/// `sluice gitops demo` as CI runs it: a temporary clone of this repository built with its own stage
/// commands, deployed to staging and prod on an embedded local cloud, promoted, a no-op commit, a
/// breaking commit rolled back at staging, drift found and reconciled. The demo checks every step
/// itself and exits 1 if one misbehaves.
/// </summary>
public sealed class GitOpsDemoTests
{
    [Fact]
    public async Task Demo_ThisRepository_EveryStepBehaves()
    {
        Assert.SkipWhen(AwsCliV1.Find("http://127.0.0.1:9") is null,
            "the stage commands package with the AWS CLI, which must read AWS_ENDPOINT_URL: v1 (pip install awscli) on the PATH");
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k), StringComparer.Ordinal);

        var result = await CliRunner.RunAsync(["gitops", "demo"], host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = host.Environment,
            WorkingDirectory = RepositoryRoot.Directory,
        }, environment,
            timeout: TimeSpan.FromMinutes(40));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("every step behaved", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL ", result.Out, StringComparison.Ordinal);
        TestContext.Current.AddAttachment("gitops-demo.txt", result.Out);
    }
}
