using System.Diagnostics;

namespace Sluice.Infra.Tests;

/// <summary>scripts/stage.sh's arguments and its package, deploy and promote logic, against a fake AWS CLI (TestData/fake-aws-stage.sh).</summary>
public sealed class StageScriptTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-stage-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string Packaged => Path.Combine(_scratch, "packaged.yaml");

    private string CallsLog => Path.Combine(_scratch, "calls.log");

    [Theory]
    [InlineData("", "usage: scripts/stage.sh build | test | package")]
    [InlineData("frobnicate", "usage: scripts/stage.sh build | test | package")]
    [InlineData("deploy", "deploy takes one stage")]
    [InlineData("deploy qa", "unknown stage 'qa' (one of: dev, staging, prod)")]
    [InlineData("smoke staging prod", "smoke takes one stage")]
    [InlineData("promote staging", "promote takes two stages, from and to")]
    [InlineData("promote staging qa", "unknown stage 'qa'")]
    [InlineData("promote prod prod", "promote needs two different stages, got 'prod' twice")]
    [InlineData("build now", "build takes no arguments")]
    [InlineData("package", "package needs ARTIFACT_BUCKET")]
    [InlineData("deploy staging", "no packaged template")]
    public async Task Run_BadInput_OneLineExitTwoNoAwsCall(string arguments, string message)
    {
        var (exitCode, _, stderr) = await RunAsync(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(CallsLog));
    }

    [Fact]
    public async Task Package_Built_ContentAddressedUploadToThePackagedTemplate()
    {
        var build = Directory.CreateDirectory(Path.Combine(_scratch, "build")).FullName;
        await File.WriteAllTextAsync(Path.Combine(build, "template.yaml"), "Resources: {}\n");

        var (exitCode, _, stderr) = await RunAsync(["package"], ("ARTIFACT_BUCKET", "artifacts"), ("BUILD_DIR", build));

        Assert.True(exitCode == 0, stderr);
        var call = Assert.Single(await File.ReadAllLinesAsync(CallsLog));
        Assert.Equal($"cloudformation package --template-file {build}/template.yaml --s3-bucket artifacts --s3-prefix sluice --output-template-file {Packaged}", call);
        Assert.True(File.Exists(Packaged));
    }

    [Fact]
    public async Task Deploy_Stage_StackOfTheStageWithItsParameterOnTheEndpoint()
    {
        await File.WriteAllTextAsync(Packaged, "Resources: {}\n");

        var (exitCode, stdout, stderr) = await RunAsync(["deploy", "staging"], ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

        Assert.True(exitCode == 0, stderr);
        var calls = await File.ReadAllLinesAsync(CallsLog);
        Assert.Equal($"--endpoint-url http://127.0.0.1:4566 cloudformation deploy --template-file {Packaged} --stack-name sluice-staging " +
                     "--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides StageName=staging --no-fail-on-empty-changeset", calls[0]);
        Assert.Contains("stage: sluice-staging is UPDATE_COMPLETE", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_CloudFormationRefuses_ItsMessageAndNonZero()
    {
        await File.WriteAllTextAsync(Packaged, "Resources: {}\n");

        var (exitCode, _, stderr) = await RunAsync(["deploy", "staging"], ("FAKE_DEPLOY_FAILS", "1"));

        Assert.Equal(255, exitCode);
        Assert.Contains("Template format error: Unrecognized resource types: [AWS::Nope]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_FromRunsThePackagedTemplate_DeploysTheSameFileToTo()
    {
        await File.WriteAllTextAsync(Packaged, "Resources:\n  A: {Type: AWS::SNS::Topic}\n");

        var (exitCode, stdout, stderr) = await RunAsync(["promote", "staging", "prod"],
            ("FAKE_RUNNING_TEMPLATE", Packaged), ("APPLICATION_NAME", "shop"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("stage: shop-staging runs", stdout, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Packaged), await File.ReadAllTextAsync(Path.Combine(_scratch, "deployed-shop-prod.yaml")));
        Assert.Contains(await File.ReadAllLinesAsync(CallsLog), c => c.Contains("--parameter-overrides StageName=prod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promote_FromRunsAnotherTemplate_RefusedNothingDeployed()
    {
        await File.WriteAllTextAsync(Packaged, "Resources:\n  A: {Type: AWS::SNS::Topic}\n");
        var other = Path.Combine(_scratch, "other.yaml");
        await File.WriteAllTextAsync(other, "Resources:\n  B: {Type: AWS::SNS::Topic}\n");

        var (exitCode, _, stderr) = await RunAsync(["promote", "staging", "prod"], ("FAKE_RUNNING_TEMPLATE", other));

        Assert.Equal(1, exitCode);
        Assert.Contains("not promoting: sluice-staging does not run", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(CallsLog), c => c.Contains(" deploy ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UPDATE_ROLLBACK_COMPLETE")]
    [InlineData("UPDATE_IN_PROGRESS")]
    public async Task Promote_FromNotHealthy_RefusedWithItsStatus(string status)
    {
        await File.WriteAllTextAsync(Packaged, "Resources: {}\n");

        var (exitCode, _, stderr) = await RunAsync(["promote", "staging", "prod"], ("FAKE_STACK_STATUS", status), ("FAKE_RUNNING_TEMPLATE", Packaged));

        Assert.Equal(1, exitCode);
        Assert.Contains($"not promoting: sluice-staging is {status}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(CallsLog), c => c.Contains(" deploy ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promote_FromMissing_CloudFormationsMessage()
    {
        await File.WriteAllTextAsync(Packaged, "Resources: {}\n");

        var (exitCode, _, stderr) = await RunAsync(["promote", "staging", "prod"], ("FAKE_STACK_STATUS", "missing"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Stack with id sluice-staging does not exist", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(CallsLog), c => c.Contains(" deploy ", StringComparison.Ordinal));
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, params (string Name, string Value)[] environment)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("bash not available: scripts/stage.sh is a bash script run on Linux runners");
        }

        var bin = Directory.CreateDirectory(Path.Combine(_scratch, "bin")).FullName;
        var aws = Path.Combine(bin, "aws");
        File.Copy(RepositoryRoot.PathOf("tests/Infra.Tests/TestData/fake-aws-stage.sh"), aws, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = _scratch };
        start.ArgumentList.Add(RepositoryRoot.PathOf("scripts/stage.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["FAKE_AWS_DIR"] = _scratch;
        start.Environment["PACKAGED_TEMPLATE"] = Packaged;
        start.Environment["BUILD_DIR"] = Path.Combine(_scratch, "no-build");
        foreach (var name in new[] { "AWS_ENDPOINT_URL", "ARTIFACT_BUCKET", "APPLICATION_NAME", "DEPLOY_ROLE_ARN" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(60));
    }
}
