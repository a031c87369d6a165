using System.Text;
using System.Text.Json;
using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Watch;

/// <summary>
/// The project's Step Functions engine (Sluice.Asl) alone behind a loopback HTTP front (these tests need
/// no other service of the local cloud); the CLI talks to it exactly as to AWS.
/// </summary>
public sealed class StepFunctionsFixture : IAsyncLifetime
{
    public const string Definition = """
        {"StartAt":"Validate","States":{
          "Validate":{"Type":"Pass","Next":"Decide"},
          "Decide":{"Type":"Choice","Choices":[
             {"Variable":"$.ok","BooleanEquals":true,"Next":"Confirm"},
             {"Variable":"$.slow","BooleanEquals":true,"Next":"Hold"}],"Default":"Reject"},
          "Hold":{"Type":"Wait","Seconds":1,"Next":"Confirm"},
          "Confirm":{"Type":"Succeed"},
          "Reject":{"Type":"Fail","Error":"OutOfStock","Cause":"OOS-1 is out of stock"}}}
        """;

    /// <summary>
    /// The workflow's shape in small: a Parallel of a Map (one iteration fails on an OOS- SKU) and
    /// a Pass, whose failure a Catch turns into a SUCCEEDED execution carrying $.failure, as the
    /// order workflow rejects an order.
    /// </summary>
    public const string LanesDefinition = """
        {"StartAt":"Validate","States":{
          "Validate":{"Type":"Pass","Next":"ReserveAndAuthorize"},
          "ReserveAndAuthorize":{"Type":"Parallel","Branches":[
            {"StartAt":"ReserveLines","States":{"ReserveLines":{"Type":"Map","ItemsPath":"$.data.lines","MaxConcurrency":1,
              "ItemProcessor":{"StartAt":"ReserveStock","States":{
                "ReserveStock":{"Type":"Choice","Choices":[{"Variable":"$.sku","StringMatches":"OOS-*","Next":"OutOfStock"}],"Default":"Reserved"},
                "Reserved":{"Type":"Succeed"},
                "OutOfStock":{"Type":"Fail","Error":"OutOfStock","Cause":"{\"errorType\":\"OutOfStock\",\"errorMessage\":\"SKU OOS-1 is out of stock\",\"stackTrace\":[\"   at Sluice.Orchestrator.OrchestratorHandler.ReserveStock(JsonElement request)\"]}"}}},"End":true}}},
            {"StartAt":"AuthorizePayment","States":{"AuthorizePayment":{"Type":"Pass","End":true}}}],
           "Catch":[{"ErrorEquals":["OutOfStock"],"ResultPath":"$.failure","Next":"Rejected"}],"Next":"Confirmed"},
          "Confirmed":{"Type":"Succeed"},
          "Rejected":{"Type":"Succeed"}}}
        """;

    /// <summary>
    /// A step whose function crashes (Runtime.ExitError, as when its process is killed) on an
    /// execution's first run when the input says <c>"crash": true</c>, and succeeds once the
    /// execution has been redriven: a fault that went away.
    /// </summary>
    public const string CrashingDefinition = """
        {"StartAt":"Validate","States":{
          "Validate":{"Type":"Pass","Next":"ReserveStock"},
          "ReserveStock":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:crashes-until-redriven",
            "Parameters":{"crash.$":"$.crash","redrives.$":"$$.Execution.RedriveCount"},"End":true}}}
        """;

    private FakeAwsEndpoint _front = null!;

    internal StepFunctionsService Service { get; } = new(new AslEngineOptions { LambdaInvoker = new CrashesUntilRedriven() });

    public string Endpoint => _front.Endpoint;

    public async ValueTask InitializeAsync()
    {
        _front = await FakeAwsEndpoint.StartAsync(async (operation, body) =>
        {
            var response = await Service.HandleAsync(operation, body, CancellationToken.None);
            return (response.StatusCode, response.Body);
        });
    }

    public async Task<string> CreateAsync(string name, string definition = Definition)
    {
        var body = await CallAsync("CreateStateMachine", new Dictionary<string, string>
        {
            ["name"] = name,
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/test",
        });
        return body.GetProperty("stateMachineArn").GetString()!;
    }

    public async Task<string> StartAsync(string machineArn, string name, string input, bool wait = true)
    {
        var body = await CallAsync("StartExecution", new Dictionary<string, string> { ["stateMachineArn"] = machineArn, ["name"] = name, ["input"] = input });
        var arn = body.GetProperty("executionArn").GetString()!;
        if (wait)
        {
            await Service.WaitForExecutionAsync(arn, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        return arn;
    }

    public async Task<JsonElement> CallAsync(string action, Dictionary<string, string> request)
    {
        var json = JsonSerializer.Serialize(request, TestJsonContext.Default.DictionaryStringString);
        var response = await Service.HandleAsync(action, Encoding.UTF8.GetBytes(json), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == 200, response.Body);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync() => await _front.DisposeAsync();
}

/// <summary>The function behind <see cref="StepFunctionsFixture.CrashingDefinition"/>.</summary>
internal sealed class CrashesUntilRedriven : ILambdaInvoker
{
    public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        var crash = payload.RootElement.GetProperty("crash").GetBoolean() && payload.RootElement.GetProperty("redrives").GetInt32() == 0;
        return Task.FromResult(crash
            ? LambdaInvocationResult.Failure("""{"errorType":"Runtime.ExitError","errorMessage":"RequestId: 1 Error: Runtime exited with error: signal: killed"}""")
            : LambdaInvocationResult.Success("""{"reserved":true}"""));
    }
}
