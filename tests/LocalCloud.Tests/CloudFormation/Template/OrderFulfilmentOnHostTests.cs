using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>
/// The template's own state machine, created by the loader on a host composed with a Lambda invoker:
/// the substituted Orchestrator ARN is what every task calls. The invoker is a hand-written stand-in for
/// the Orchestrator (the real binary runs once the Lambda service is merged).
/// </summary>
public sealed class OrderFulfilmentOnHostTests
{
    private sealed class OrchestratorStandIn : ILambdaInvoker
    {
        public ConcurrentQueue<(string Function, string Action)> Calls { get; } = new();

        public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
        {
            var request = JsonNode.Parse(payloadJson)!;
            var action = request["action"]!.GetValue<string>();
            Calls.Enqueue((function, action));
            var result = action switch
            {
                "validate" => new JsonObject { ["orderId"] = "o-1", ["customerId"] = "c-1", ["currency"] = "EUR", ["total"] = 20, ["lineCount"] = 1 },
                "reserve-stock" => new JsonObject { ["reservationId"] = "r-1", ["sku"] = request["line"]!["sku"]!.DeepClone(), ["quantity"] = 2 },
                "authorize-payment" => new JsonObject { ["authorizationId"] = "a-1", ["amount"] = 20, ["currency"] = "EUR" },
                "record-outcome" => new JsonObject { ["eventId"] = "o-1/outcome", ["shardId"] = "shardId-000000000000", ["sequenceNumber"] = "1" },
                _ => null,
            };
            return Task.FromResult(result is null
                ? LambdaInvocationResult.Failure($$"""{"errorType":"InvalidRequest","errorMessage":"unknown action {{action}}"}""")
                : LambdaInvocationResult.Success(result.ToJsonString()));
        }
    }

    [Fact]
    public async Task StartExecution_LoadedStateMachine_CallsTheOrchestratorArnAndSucceeds()
    {
        var orchestrator = new OrchestratorStandIn();
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 }, orchestrator);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var stack = await StackStartup.DeployAsync(host, new StackArguments(StackRig.ProjectTemplate, new StackSettings(), WithoutLambda: true), null,
            TextWriter.Null, TextWriter.Null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        AwsCli.RequireInstalled();
        var aws = new AwsCli(host.Endpoint);

        var input = """{"id":"e-1","type":"order.placed","data":{"orderId":"o-1","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"S-1","quantity":2,"unitPrice":10}]}}""";
        var execution = (await aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", stack!.Outputs["OrderFulfilmentStateMachineArn"],
            "--name", "e-1", "--input", input)).GetProperty("executionArn").GetString()!;
        await host.StepFunctions.WaitForExecutionAsync(execution, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var described = await aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", execution);

        Assert.Equal("SUCCEEDED", described.GetProperty("status").GetString());
        Assert.All(orchestrator.Calls, c => Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:sluice-dev-orchestrator:live", c.Function));
        Assert.Equal(["authorize-payment", "record-outcome", "reserve-stock", "validate"], orchestrator.Calls.Select(c => c.Action).Order());
    }
}
