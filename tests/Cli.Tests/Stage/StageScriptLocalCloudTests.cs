using System.Diagnostics;
using Sluice.Cli.Tests.Docs;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Stage;

/// <summary>
/// scripts/stage.sh's package, deploy and promote with the real AWS CLI (v1 and v2) against the local
/// cloud's S3 and CloudFormation: the same packaged template goes from staging to prod, and a template
/// staging does not run is refused.
/// </summary>
public sealed class StageScriptLocalCloudTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private const string Template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          StageName:
            Type: String
            AllowedValues: [dev, staging, prod]
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              Tags:
                - Key: stage
                  Value: !Ref StageName
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: flow.asl.json
              Role: arn:aws:iam::000000000000:role/flow
        Outputs:
          QueueUrl:
            Value: !Ref Queue
        """;

    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-stage-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task PackageDeployPromote_AwsCli_SameTemplateReachesProdAndAnotherIsRefused(int major)
    {
        var aws = ReadmeAwsCliTests.FindAwsCli(major);
        if (aws is null)
        {
            Assert.Skip($"AWS CLI v{major} not found on PATH: the stage commands are run with v1 (pip's awscli) and v2 (apt-get install awscli)");
        }

        var app = $"stage{major}";
        var build = Directory.CreateDirectory(Path.Combine(_scratch, "build")).FullName;
        await File.WriteAllTextAsync(Path.Combine(build, "template.yaml"), Template, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(build, "flow.asl.json"), """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""", TestContext.Current.CancellationToken);

        var bucket = await RunAsync(aws, app, "aws", "--endpoint-url", cloud.Endpoint, "s3", "mb", $"s3://{app}-artifacts");
        Assert.True(bucket.Code == 0, bucket.Error);
        var package = await RunAsync(aws, app, "package");
        if (major == 2 && package.Error.Contains("needs AWS CLI v1 or v2.13+", StringComparison.Ordinal))
        {
            // This v2 ignores AWS_ENDPOINT_URL; the script says so instead of uploading to AWS. Deploy a
            // template with the definition inline instead.
            Assert.Equal(2, package.Code);
            await File.WriteAllTextAsync(Packaged, Template.Replace("DefinitionUri: flow.asl.json",
                "Definition: {StartAt: P, States: {P: {Type: Pass, End: true}}}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        }
        else
        {
            Assert.True(package.Code == 0, package.Output + package.Error);
            Assert.Contains($"Bucket: {app}-artifacts", await File.ReadAllTextAsync(Packaged, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        var staging = await RunAsync(aws, app, "deploy", "staging");
        Assert.True(staging.Code == 0, staging.Output + staging.Error);
        Assert.Contains($"stage: {app}-staging is CREATE_COMPLETE", staging.Output, StringComparison.Ordinal);

        var promote = await RunAsync(aws, app, "promote", "staging", "prod");
        Assert.True(promote.Code == 0, promote.Output + promote.Error);
        Assert.Contains($"stage: {app}-prod is CREATE_COMPLETE", promote.Output, StringComparison.Ordinal);
        var prodParameter = await RunAsync(aws, app, "aws", "--endpoint-url", cloud.Endpoint, "cloudformation", "describe-stacks",
            "--stack-name", $"{app}-prod", "--query", "Stacks[0].Parameters[?ParameterKey=='StageName'].ParameterValue | [0]", "--output", "text");
        Assert.Equal("prod", prodParameter.Output.Trim());

        // A commit staging has not run: promote refuses it and prod keeps what it had.
        await File.AppendAllTextAsync(Packaged, "  Other:\n    Value: changed\n", TestContext.Current.CancellationToken);
        var refused = await RunAsync(aws, app, "promote", "staging", "prod");
        Assert.Equal(1, refused.Code);
        Assert.Contains($"not promoting: {app}-staging does not run", refused.Error, StringComparison.Ordinal);
        var prodOutputs = await RunAsync(aws, app, "aws", "--endpoint-url", cloud.Endpoint, "cloudformation", "describe-stacks",
            "--stack-name", $"{app}-prod", "--query", "Stacks[0].Outputs[].OutputKey", "--output", "text");
        Assert.Equal("QueueUrl", prodOutputs.Output.Trim());
    }

    private string Packaged => Path.Combine(_scratch, "packaged.yaml");

    /// <summary>scripts/stage.sh with the arguments, or (first argument "aws") the AWS CLI itself.</summary>
    private async Task<(int Code, string Output, string Error)> RunAsync(string aws, string app, params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot.Directory, "scripts", "stage.sh");
        var start = new ProcessStartInfo(arguments[0] == "aws" ? aws : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _scratch,
        };
        foreach (var argument in arguments[0] == "aws" ? arguments[1..] : [script, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = Path.GetDirectoryName(aws) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["AWS_ENDPOINT_URL"] = cloud.Endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["APPLICATION_NAME"] = app;
        start.Environment["ARTIFACT_BUCKET"] = $"{app}-artifacts";
        start.Environment["BUILD_DIR"] = Path.Combine(_scratch, "build");
        start.Environment["PACKAGED_TEMPLATE"] = Packaged;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
