using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.Asl.Time;
using Sluice.LocalCloud.StepFunctions;

namespace Sluice.Asl.Tests;

/// <summary>A StepFunctionsService with fast time and hand-written fakes, driven through its JSON API.</summary>
internal sealed class AslTestHost
{
    private static int s_counter;

    public AslTestHost(ILambdaInvoker? lambda = null, IServiceIntegrationInvoker? services = null, double scale = 0, int retainedHistories = 10_000, IObjectStore? objects = null)
    {
        Service = new StepFunctionsService(new AslEngineOptions
        {
            Clock = new ScaledClock(scale),
            LambdaInvoker = lambda ?? new UnavailableServiceIntegrations(),
            ServiceInvoker = services ?? new UnavailableServiceIntegrations(),
            ObjectStore = objects ?? new UnavailableServiceIntegrations(),
            RetainedExecutionHistories = retainedHistories,
            ResultShapes = ApiResultShapes.Instance,
        });
    }

    public StepFunctionsService Service { get; }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public async Task<(int Status, JsonObject Body)> CallAsync(string action, JsonObject request)
    {
        var response = await Service.HandleAsync(action, Encoding.UTF8.GetBytes(request.ToJsonString()), Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        return (response.StatusCode, JsonNode.Parse(response.Body)!.AsObject());
    }

    public async Task<string> CreateAsync(string definition, string type = "STANDARD")
    {
        var (status, body) = await CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = $"machine-{Interlocked.Increment(ref s_counter)}",
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/test",
            ["type"] = type,
        });
        Assert.True(status == 200, body.ToJsonString());
        return body["stateMachineArn"]!.GetValue<string>();
    }

    public async Task<ExecutionResult> RunAsync(string definition, string input = "{}")
    {
        var machine = await CreateAsync(definition);
        var (_, started) = await CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = input });
        var arn = started["executionArn"]!.GetValue<string>();
        return await ResultAsync(arn);
    }

    /// <summary>Waits for the execution to close and returns its description and history.</summary>
    public async Task<ExecutionResult> ResultAsync(string arn)
    {
        await Service.WaitForExecutionAsync(arn, Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        var (_, described) = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        var (_, history) = await CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["maxResults"] = 1000 });
        return new ExecutionResult(
            arn,
            described["status"]!.GetValue<string>(),
            described["output"] is { } o ? JsonNode.Parse(o.GetValue<string>()) : null,
            described["error"]?.GetValue<string>(),
            described["cause"]?.GetValue<string>(),
            history["events"]!.AsArray());
    }

    /// <summary>Runs a one-state Pass machine whose Parameters are <paramref name="parameters"/>; returns the execution.</summary>
    public Task<ExecutionResult> PassAsync(JsonObject parameters, string input = "{}") =>
        RunAsync(new JsonObject
        {
            ["StartAt"] = "P",
            ["States"] = new JsonObject { ["P"] = new JsonObject { ["Type"] = "Pass", ["Parameters"] = parameters, ["End"] = true } },
        }.ToJsonString(), input);
}

internal sealed record ExecutionResult(string Arn, string Status, JsonNode? Output, string? Error, string? Cause, JsonArray History)
{
    public IReadOnlyList<string> Types => [.. History.Select(e => e!["type"]!.GetValue<string>())];
}
