using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>The project's template deployed into a running host, as `--template infra/template.yaml` does, then used over HTTP.</summary>
public sealed class StackStartupTests
{
    [Fact]
    public async Task DeployAsync_ProjectTemplate_PrintsTheStackAndServesItOnTheEndpoint()
    {
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var output = new StringWriter();
        var errors = new StringWriter();
        var lambda = new RecordingLambdaControlPlane();

        var stack = await StackStartup.DeployAsync(host, new StackArguments(StackRig.ProjectTemplate, new StackSettings(), WithoutLambda: false), lambda, output, errors, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(stack);
        Assert.Equal("", errors.ToString());
        Assert.Contains($"{host.Endpoint}/000000000000/sluice-dev-workflow", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("OrderFulfilmentStateMachineArn   arn:aws:states:us-east-1:000000000000:stateMachine:sluice-dev-order-fulfilment", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, lambda.Functions.Count);
        Assert.Equal(stack.Outputs["WorkflowQueueUrl"], host.Sqs.GetQueueUrl("sluice-dev-workflow"));

        AwsCli.RequireInstalled();
        var aws = new AwsCli(host.Endpoint);
        var machines = await aws.JsonAsync("stepfunctions", "list-state-machines");
        var url = await aws.JsonAsync("sqs", "get-queue-url", "--queue-name", "sluice-dev-workflow");
        Assert.Equal(["sluice-dev-order-fulfilment"], machines.GetProperty("stateMachines").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(stack.Outputs["WorkflowQueueUrl"], url.GetProperty("QueueUrl").GetString());
    }

    [Fact]
    public async Task DeployAsync_BadTemplate_PrintsTheErrorAndReturnsNull()
    {
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var errors = new StringWriter();

        var stack = await StackStartup.DeployAsync(host, new StackArguments("/nonexistent/template.yaml", new StackSettings(), WithoutLambda: false), null, TextWriter.Null, errors, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(stack);
        Assert.Equal("error: template /nonexistent/template.yaml does not exist" + Environment.NewLine, errors.ToString());
    }
}
