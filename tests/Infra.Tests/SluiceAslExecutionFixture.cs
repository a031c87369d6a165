using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.Asl.Time;

namespace Sluice.Infra.Tests;

/// <summary>The executions AslExecutionTests reads: one result per scenario, or why none could run.</summary>
public interface IAslExecutions
{
    IReadOnlyDictionary<string, JsonObject> Results { get; }

    string? SkipReason { get; }
}

/// <summary>
/// Runs a workflow definition once per scenario on the project's own engine (Sluice.Asl, the one the
/// local cloud serves), its Lambda calls answered by the same Orchestrator moto's run uses
/// (TestData/run_asl.py --serve). Waits and retry back-off take no time (ScaledClock(0)). Each result
/// also carries the execution's history size: the bytes of every GetExecutionHistory page.
/// </summary>
public abstract class SluiceAslExecutionFixture(string definitionPath) : IAslExecutions, IAsyncLifetime
{
    public static readonly string[] Scenarios = ["confirmed", "out-of-stock", "declined", "invalid", "unknown-error", "crash-once", "crash-always"];

    private Orchestrator? _orchestrator;
    private StepFunctionsService? _service;
    private string _machine = "";
    private int _round;

    public IReadOnlyDictionary<string, JsonObject> Results { get; private set; } = new Dictionary<string, JsonObject>();

    public string? SkipReason { get; private set; }

    /// <summary>The crash-always execution redriven once the function stopped crashing: its status and the requests the redrive sent.</summary>
    public JsonObject? Redriven { get; private set; }

    public string DefinitionPath => definitionPath;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _orchestrator = Orchestrator.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            SkipReason = $"python3 not installed ({e.Message}): the Orchestrator the workflow calls is TestData/run_asl.py";
            return;
        }

        _service = new StepFunctionsService(new AslEngineOptions { LambdaInvoker = _orchestrator, Clock = new ScaledClock(0) });
        var definition = RepositoryRoot.Read(definitionPath).Replace("${OrchestratorFunctionArn}", Orchestrator.FunctionArn, StringComparison.Ordinal);
        var created = await CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "order-fulfilment",
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/order-fulfilment",
        });
        _machine = created["stateMachineArn"]!.GetValue<string>();
        Results = await RunRoundAsync();
        Redriven = await RedriveAsync(Results["crash-always"]["executionArn"]!.GetValue<string>());
    }

    /// <summary>Runs every scenario once more (new execution names), as the first round ran them.</summary>
    public async Task<Dictionary<string, JsonObject>> RunRoundAsync()
    {
        var round = ++_round;
        var results = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var scenario in Scenarios)
        {
            results[scenario] = await RunAsync(scenario, round);
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        if (_orchestrator is not null)
        {
            await _orchestrator.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<JsonObject> RunAsync(string scenario, int round)
    {
        var orchestrator = _orchestrator!;
        var placed = await orchestrator.AskAsync(new JsonObject { ["scenario"] = scenario });
        await orchestrator.AskAsync(new JsonObject { ["reset"] = true });
        orchestrator.Requests.Clear();
        var watch = Stopwatch.StartNew();
        var started = await CallAsync("StartExecution", new JsonObject
        {
            ["stateMachineArn"] = _machine,
            ["name"] = $"{placed["id"]}-{round}",
            ["input"] = placed.ToJsonString(),
        });
        var arn = started["executionArn"]!.GetValue<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await _service!.WaitForExecutionAsync(arn, deadline.Token);
        var seconds = watch.Elapsed.TotalSeconds;
        var described = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        var (bytes, events) = await HistorySizeAsync(arn);
        return new JsonObject
        {
            ["scenario"] = scenario,
            ["executionArn"] = arn,
            ["status"] = described["status"]?.DeepClone(),
            ["error"] = described["error"]?.DeepClone(),
            ["cause"] = described["cause"]?.DeepClone(),
            ["output"] = described["output"]?.DeepClone(),
            ["requests"] = new JsonArray([.. orchestrator.Requests.Select(r => r.DeepClone())]),
            ["historyBytes"] = bytes,
            ["historyEvents"] = events,
            ["seconds"] = seconds,
        };
    }

    /// <summary>RedriveExecution on a failed execution after the Orchestrator stopped crashing (run_asl.py's heal).</summary>
    private async Task<JsonObject> RedriveAsync(string arn)
    {
        var orchestrator = _orchestrator!;
        await orchestrator.AskAsync(new JsonObject { ["heal"] = true });
        orchestrator.Requests.Clear();
        await CallAsync("RedriveExecution", new JsonObject { ["executionArn"] = arn });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await _service!.WaitForExecutionAsync(arn, deadline.Token);
        var described = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        await orchestrator.AskAsync(new JsonObject { ["reset"] = true });
        return new JsonObject
        {
            ["status"] = described["status"]?.DeepClone(),
            ["error"] = described["error"]?.DeepClone(),
            ["redriveCount"] = described["redriveCount"]?.DeepClone(),
            ["requests"] = new JsonArray([.. orchestrator.Requests.Select(r => r.DeepClone())]),
        };
    }

    private async Task<(long Bytes, int Events)> HistorySizeAsync(string arn)
    {
        long bytes = 0;
        var events = 0;
        string? token = null;
        do
        {
            var request = new JsonObject { ["executionArn"] = arn };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var response = await _service!.HandleAsync("GetExecutionHistory", Encoding.UTF8.GetBytes(request.ToJsonString()), CancellationToken.None);
            bytes += Encoding.UTF8.GetByteCount(response.Body);
            var page = JsonNode.Parse(response.Body)!.AsObject();
            events += page["events"]!.AsArray().Count;
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return (bytes, events);
    }

    private async Task<JsonObject> CallAsync(string action, JsonObject body)
    {
        var response = await _service!.HandleAsync(action, Encoding.UTF8.GetBytes(body.ToJsonString()), CancellationToken.None);
        var answer = JsonNode.Parse(response.Body)!.AsObject();
        return response.StatusCode == 200 ? answer : throw new InvalidOperationException($"{action}: {response.Body}");
    }

    /// <summary>TestData/run_asl.py --serve: the Orchestrator's rules, one JSON line each way, one call at a time.</summary>
    private sealed class Orchestrator : ILambdaInvoker, IAsyncDisposable
    {
        public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:orchestrator";

        private readonly Process _process;
        private readonly SemaphoreSlim _gate = new(1, 1);

        private Orchestrator(Process process) => _process = process;

        /// <summary>The payloads the workflow sent, in order.</summary>
        public List<JsonNode> Requests { get; } = [];

        public static Orchestrator Start()
        {
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(RepositoryRoot.PathOf("tests/Infra.Tests/TestData/run_asl.py"));
            start.ArgumentList.Add("--serve");
            return new Orchestrator(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"));
        }

        public async Task<JsonObject> AskAsync(JsonObject request)
        {
            await _gate.WaitAsync();
            try
            {
                await _process.StandardInput.WriteLineAsync(request.ToJsonString());
                await _process.StandardInput.FlushAsync();
                var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("run_asl.py --serve ended");
                return JsonNode.Parse(line)!.AsObject();
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
        {
            var payload = JsonNode.Parse(payloadJson);
            lock (Requests)
            {
                Requests.Add(payload!.DeepClone());
            }

            var answer = await AskAsync(new JsonObject { ["invoke"] = new JsonObject { ["FunctionName"] = function, ["Payload"] = payload } });
            var body = answer["payload"]?.ToJsonString() ?? "null";
            return answer["functionError"] is JsonValue ? LambdaInvocationResult.Failure(body) : LambdaInvocationResult.Success(body);
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
            _process.Dispose();
            _gate.Dispose();
        }
    }
}

/// <summary>The project's workflow, statemachines/order-fulfilment.asl.json, on Sluice.Asl.</summary>
public sealed class SluiceJsonPathExecutionFixture() : SluiceAslExecutionFixture(Inputs.AslPath);

/// <summary>The same workflow written in JSONata (TestData/order-fulfilment.jsonata.asl.json), on Sluice.Asl.</summary>
public sealed class SluiceJsonataExecutionFixture() : SluiceAslExecutionFixture(Inputs.JsonataAslPath);
