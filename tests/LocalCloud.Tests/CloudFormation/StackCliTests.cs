using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>
/// The AWS CLI's `cloudformation deploy` against the local cloud, with the definition and the template
/// in its S3. (`package` and `deploy --s3-bucket` make their S3 client without --endpoint-url in this
/// CLI, so the test uploads with `s3 cp` and writes the packaged template's S3 location itself.)
/// </summary>
public sealed class StackCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          Machine:
            Type: AWS::Serverless::StateMachine
            Properties:
              Role: arn:aws:iam::000000000000:role/machine
              DefinitionUri:
                Bucket: cfn-cli-artifacts
                Key: KEY
        Outputs:
          MachineArn:
            Value: !Ref Machine
        """;

    private static async Task SucceedsAsync(AwsCli aws, params string[] args)
    {
        var (exit, _, error) = await aws.RunAsync(args);
        Assert.True(exit == 0, $"aws {string.Join(' ', args)} failed: {error}");
    }

    [Fact]
    public async Task PackageAndDeploy_ThenAChangeSetForANewDefinition_ListsOnlyTheStateMachineAndDetectsNoDrift()
    {
        AwsCli.RequireInstalled();
        var aws = new AwsCli(cloud.Endpoint);
        var dir = Directory.CreateTempSubdirectory("cfn-cli-").FullName;
        var packaged = Path.Combine(dir, "packaged.yaml");
        var definition = Path.Combine(dir, "machine.asl.json");
        await File.WriteAllTextAsync(definition, """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(packaged, Template.Replace("KEY", "v1.json", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await SucceedsAsync(aws, "s3", "mb", "s3://cfn-cli-artifacts");
        await SucceedsAsync(aws, "s3", "cp", definition, "s3://cfn-cli-artifacts/v1.json");
        await SucceedsAsync(aws, "s3", "cp", packaged, "s3://cfn-cli-artifacts/packaged.yaml");

        var validated = await aws.JsonAsync("cloudformation", "validate-template", "--template-url", $"{cloud.Endpoint}/cfn-cli-artifacts/packaged.yaml");
        var (exit, output, error) = await aws.RunAsync("cloudformation", "deploy", "--template-file", packaged, "--stack-name", "cli-stack", "--capabilities", "CAPABILITY_AUTO_EXPAND");

        Assert.Equal("AWS::Serverless-2016-10-31", validated.GetProperty("DeclaredTransforms")[0].GetString());
        Assert.True(exit == 0, error);
        Assert.Contains("Successfully created/updated stack - cli-stack", output, StringComparison.Ordinal);
        var events = await aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", "cli-stack");
        Assert.Equal("CREATE_COMPLETE", events.GetProperty("StackEvents")[0].GetProperty("ResourceStatus").GetString());

        await File.WriteAllTextAsync(definition, """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":2,"End":true}}}""", TestContext.Current.CancellationToken);
        await SucceedsAsync(aws, "s3", "cp", definition, "s3://cfn-cli-artifacts/v2.json");
        await File.WriteAllTextAsync(packaged, Template.Replace("KEY", "v2.json", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        (exit, output, error) = await aws.RunAsync("cloudformation", "deploy", "--template-file", packaged, "--stack-name", "cli-stack", "--no-execute-changeset");
        Assert.True(exit == 0, error);
        var changeSets = await aws.JsonAsync("cloudformation", "list-change-sets", "--stack-name", "cli-stack");
        var changeSetId = changeSets.GetProperty("Summaries")[0].GetProperty("ChangeSetId").GetString()!;
        Assert.Contains(changeSetId, output, StringComparison.Ordinal);
        var described = await aws.JsonAsync("cloudformation", "describe-change-set", "--change-set-name", changeSetId);
        var change = Assert.Single(described.GetProperty("Changes").EnumerateArray()).GetProperty("ResourceChange");
        Assert.Equal(("Modify", "Machine", "False"), (change.GetProperty("Action").GetString(), change.GetProperty("LogicalResourceId").GetString(), change.GetProperty("Replacement").GetString()));

        var detection = await aws.JsonAsync("cloudformation", "detect-stack-drift", "--stack-name", "cli-stack");
        var status = await aws.JsonAsync("cloudformation", "describe-stack-drift-detection-status", "--stack-drift-detection-id",
            detection.GetProperty("StackDriftDetectionId").GetString()!);
        Assert.Equal("IN_SYNC", status.GetProperty("StackDriftStatus").GetString());
    }
}
