using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>The public embedding API: a template deployed through the host's CloudFormation, with typed results.</summary>
public sealed class StackDeploymentTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static string Write(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cfn-embed-").FullName, "template.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task DeployStackAsync_GoodTemplate_ReturnsResourcesAndOutputsAndIsAStackForClients()
    {
        var path = Write("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\nOutputs:\n  Url:\n    Value: !Ref Queue\n");

        var deployment = await cloud.Host.DeployStackAsync(new StackDeploymentRequest(path) { StackName = "embedded" }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(deployment.Succeeded);
        var queue = Assert.Single(deployment.Resources);
        Assert.Equal(("Queue", "AWS::SQS::Queue", true), (queue.LogicalId, queue.Type, queue.Emulated));
        Assert.Equal(queue.PhysicalId, deployment.Outputs["Url"]);
        var output = new StringWriter();
        deployment.Write(output);
        Assert.Contains("Stack embedded", output.ToString(), StringComparison.Ordinal);
        AwsCli.RequireInstalled();
        var stacks = await new AwsCli(cloud.Endpoint).JsonAsync("cloudformation", "describe-stacks", "--stack-name", "embedded");
        Assert.Equal("CREATE_COMPLETE", stacks.GetProperty("Stacks")[0].GetProperty("StackStatus").GetString());
    }

    [Fact]
    public async Task DeployStackAsync_ResourceThatFails_ReturnsTheTypedErrorAndLeavesNothing()
    {
        var path = Write("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: embedded-kept-not\n  Bad:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 9999\n");

        var deployment = await cloud.Host.DeployStackAsync(new StackDeploymentRequest(path) { StackName = "embedded-bad" }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(deployment.Succeeded);
        Assert.Equal("ROLLBACK_COMPLETE", deployment.Error!.Code);
        Assert.Contains("DelaySeconds", deployment.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cloud.Host.Sqs.ListQueues(null), url => url.EndsWith("/embedded-kept-not", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployStackAsync_MissingParameter_IsAValidationError()
    {
        var path = Write("Parameters:\n  Stage:\n    Type: String\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n");

        var deployment = await cloud.Host.DeployStackAsync(new StackDeploymentRequest(path) { StackName = "embedded-param" }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new StackDeploymentError("ValidationError", "Parameters: [Stage] must have values"), deployment.Error);
    }
}
