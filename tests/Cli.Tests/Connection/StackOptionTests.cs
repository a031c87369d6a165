using System.Text;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Cli.Tests.Connection;

/// <summary>--stack: names from DescribeStacks outputs where CloudFormation answers (the local cloud too), template names where it is not served.</summary>
public sealed class StackOptionTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    private static Task<FakeAwsEndpoint> CloudFormationAsync(List<string> calls) => FakeAwsEndpoint.StartAsync((operation, body) =>
    {
        var text = Encoding.UTF8.GetString(body);
        lock (calls)
        {
            calls.Add(operation.Length > 0 ? operation : text);
        }

        if (text.Contains("StackName=shop", StringComparison.Ordinal))
        {
            return Task.FromResult((200, """
                <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
                  <StackName>shop</StackName><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-26T12:00:00Z</CreationTime>
                  <Outputs>
                    <member><OutputKey>OrderStreamName</OutputKey><OutputValue>shop-orders-from-outputs</OutputValue></member>
                    <member><OutputKey>OrderFulfilmentStateMachineArn</OutputKey><OutputValue>arn:aws:states:us-east-1:123456789012:stateMachine:shop-of</OutputValue></member>
                  </Outputs>
                </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
                """));
        }

        if (text.Contains("StackName=partial", StringComparison.Ordinal))
        {
            // An endpoint that serves Kinesis but not CloudFormation.
            return Task.FromResult((400, """
                <ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The action DescribeStacks is not valid for this endpoint.</Message></Error></ErrorResponse>
                """));
        }

        if (operation == "ListShards")
        {
            return Task.FromResult((400, """{"__type":"ResourceNotFoundException","message":"Stream not found."}"""));
        }

        return Task.FromResult((400, """
            <ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id gone does not exist</Message></Error></ErrorResponse>
            """));
    });

    [Fact]
    public async Task Stack_KnownToCloudFormation_StreamFromItsOutputs()
    {
        var calls = new List<string>();
        await using var endpoint = await CloudFormationAsync(calls);

        var result = await CliRunner.RunAsync(["history", "o-1", "--endpoint", endpoint.Endpoint, "--stack", "shop"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: stream 'shop-orders-from-outputs' not found", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("Action=DescribeStacks&Version=2010-05-15&StackName=shop", calls[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stack_UnknownToCloudFormation_OneLineError()
    {
        await using var endpoint = await CloudFormationAsync([]);

        var result = await CliRunner.RunAsync(["put", "--count", "1", "--endpoint", endpoint.Endpoint, "--stack", "gone"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: stack 'gone' not found at {endpoint.Endpoint}; pass --stack <name> (or --stream and --state-machine)", result.Error.Trim());
    }

    [Fact]
    public async Task Stack_OnTheLocalCloud_ReadsTheStacksOutputsFromItsCloudFormation()
    {
        var template = Path.Combine(Directory.CreateTempSubdirectory("stack-option-").FullName, "template.yaml");
        await File.WriteAllTextAsync(template, """
            Resources:
              OrderStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  Name: local-stack-orders
                  ShardCount: 1
            Outputs:
              OrderStreamName:
                Value: !Ref OrderStream
            """, TestContext.Current.CancellationToken);
        var deployed = await cloud.Host.DeployStackAsync(new Sluice.LocalCloud.Hosting.StackDeploymentRequest(template) { StackName = "local-stack" })
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(deployed.Succeeded, deployed.Error?.Message);

        var result = await CliRunner.RunAsync(["put", "--count", "3", "--endpoint", cloud.Endpoint, "--stack", "local-stack", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, (await AwsTestClients.ReadAllAsync(cloud.Endpoint, "local-stack-orders")).Count);
    }

    [Fact]
    public async Task Stack_EndpointWithoutCloudFormation_TemplateNamesUnderTheStackName()
    {
        await using var endpoint = await CloudFormationAsync([]);

        var result = await CliRunner.RunAsync(["history", "o-1", "--endpoint", endpoint.Endpoint, "--stack", "partial"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: stream 'partial-orders' not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stack_DeployedOnTheLocalCloud_StreamFromItsOutputs()
    {
        var stack = "deployed-" + Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient();
        var cfn = new CloudFormationClient(AwsTestClients.Options(cloud.Endpoint), http);
        await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = stack,
            ChangeSetName = "create",
            ChangeSetType = "CREATE",
            TemplateBody = """
                Resources:
                  Orders: {Type: AWS::Kinesis::Stream, Properties: {Name: !Sub "${AWS::StackName}-elsewhere", ShardCount: 1}}
                Outputs:
                  OrderStreamName: {Value: !Ref Orders}
                """,
        }, TestContext.Current.CancellationToken).WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await cfn.WaitForChangeSetAsync("create", stack, s_poll, s_timeout, TestContext.Current.CancellationToken).WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await cfn.ExecuteChangeSetAsync("create", stack, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.Equal("CREATE_COMPLETE", (await cfn.WaitForStackAsync(stack, s_poll, s_timeout, TestContext.Current.CancellationToken).WaitAsync(s_timeout, TestContext.Current.CancellationToken))?.StackStatus);

        var result = await CliRunner.RunAsync(["put", "--count", "3", "--endpoint", cloud.Endpoint, "--stack", stack, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, (await AwsTestClients.ReadAllAsync(cloud.Endpoint, $"{stack}-elsewhere")).Count);
    }

    [Fact]
    public async Task Stack_UnknownOnTheLocalCloud_OneLineError()
    {
        var result = await CliRunner.RunAsync(["put", "--count", "1", "--endpoint", cloud.Endpoint, "--stack", "never-deployed"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: stack 'never-deployed' not found at {cloud.Endpoint}; pass --stack <name> (or --stream and --state-machine)", result.Error.Trim());
    }
}
