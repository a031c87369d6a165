using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.CloudFormation.Template;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.LocalCloud.Tests.EndToEnd;

/// <summary>
/// Chaos at a small size: the project's stack with the real functions, orders flowing, and function
/// processes (Ingest, Processor, Orchestrator) killed with SIGKILL at random while the workflows run.
/// A killed Ingest or Processor invocation is retried by its event source (the same records again,
/// which the Processor's execution names absorb); a killed step is Runtime.ExitError: the workflow
/// retries it, and an execution whose retries ran out fails at that step and is redriven from it.
/// At the end every order has exactly one execution, SUCCEEDED, and exactly one outcome (a
/// record-outcome repeated after a kill writes the same event, which readers de-duplicate by
/// (source, id)). benchmarks/chaos.sh runs the same at 2,000 orders against the standalone host.
/// </summary>
public sealed class ChaosPipelineTests : IAsyncLifetime
{
    private const int Orders = 120;
    private const string Source = "sluice/chaos";
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_killEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_placeEvery = TimeSpan.FromMilliseconds(25);

    private LocalCloudHost _host = null!;
    private DeployedStack _stack = null!;

    public async ValueTask InitializeAsync()
    {
        _host = LocalCloudHost.Create(
            new LocalCloudOptions { Port = 0 },
            new LambdaOptions { RepositoryRoot = RepositoryRoot.Directory, PollInterval = TimeSpan.FromMilliseconds(20) });
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _stack = (await StackStartup.DeployAsync(_host, new StackArguments(StackRig.ProjectTemplate, new StackSettings(), WithoutLambda: false), _host.Lambda,
            TextWriter.Null, TextWriter.Null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(15)))!;
        Assert.NotNull(_stack);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FunctionProcessesKilledAtRandom_EveryOrderEndsWithOneExecutionAndOneOutcome()
    {
        using var http = new HttpClient();
        var sfn = new StepFunctionsClient(new AwsClientOptions { Credentials = new AwsCredentials("test", "test"), Region = "us-east-1", EndpointUrl = new Uri(_host.Endpoint) }, http);
        var machine = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        var stream = _host.Kinesis.Stream(_stack.Outputs["OrderStreamName"], null);
        var functions = new[] { "IngestFunctionName", "ProcessorFunctionName", "OrchestratorFunctionName" }.Select(o => _stack.Outputs[o]).ToList();

        var kills = new int[functions.Count];
        using var stop = new CancellationTokenSource();
        var chaos = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Every version's environments: the workflow calls the Orchestrator through its alias.
                var running = functions.SelectMany((f, i) => _host.Lambda.Versions(f).SelectMany(v => v.ProcessIds()).Select(id => (Function: i, Id: id))).ToList();
                if (running.Count > 0)
                {
                    var (function, id) = running[Random.Shared.Next(running.Count)];
                    try
                    {
                        using var process = Process.GetProcessById(id);
                        process.Kill();
                        kills[function]++;
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // It exited on its own between the listing and the kill.
                    }
                }

                // The cadence of the chaos, not a wait for a condition.
                await Task.Delay(s_killEvery, TimeProvider.System, CancellationToken.None);
            }
        });

        var orderIds = Enumerable.Range(0, Orders).Select(i => $"chaos-{i:D3}").ToList();
        foreach (var id in orderIds)
        {
            Place(stream, id);
            // Orders keep flowing while the kills go on, as in production.
            await Task.Delay(s_placeEvery, TimeProvider.System, TestContext.Current.CancellationToken);
        }

        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            statuses = await FinishedAsync(sfn, machine, Orders);
        }
        finally
        {
            await stop.CancelAsync();
            await chaos;
        }

        var failedBeforeRedrive = statuses.Where(s => s.Value != "SUCCEEDED").ToList();
        foreach (var (name, _) in failedBeforeRedrive)
        {
            await sfn.RedriveExecutionAsync(StepFunctionsClient.ExecutionArn(machine, name), cancellationToken: TestContext.Current.CancellationToken);
        }

        statuses = await FinishedAsync(sfn, machine, Orders);
        Assert.Equal(orderIds.Select(id => ExecutionName.For(Source, $"evt-{id}")).Order(StringComparer.Ordinal), statuses.Keys.Order(StringComparer.Ordinal));
        var unfinished = statuses.Where(s => s.Value != "SUCCEEDED").Select(s => s.Key).ToList();
        if (unfinished.Count > 0)
        {
            // What ended each one, from its history: the failure this test exists to catch, named.
            var why = new StringBuilder();
            foreach (var name in unfinished)
            {
                var history = await sfn.GetExecutionHistoryAsync(StepFunctionsClient.ExecutionArn(machine, name), maxResults: 12, reverseOrder: true,
                    cancellationToken: TestContext.Current.CancellationToken);
                why.Append(name).Append(" (").Append(statuses[name]).Append(", redriven before: ").Append(failedBeforeRedrive.Any(f => f.Key == name)).Append("):");
                foreach (var e in history.Events)
                {
                    var failure = e.ExecutionFailedEventDetails ?? e.TaskFailedEventDetails ?? e.LambdaFunctionFailedEventDetails;
                    why.Append("\n  ").Append(e.Id).Append(' ').Append(e.Type)
                        .Append(failure is null ? "" : $" {failure.Error}: {failure.Cause?[..Math.Min(failure.Cause.Length, 300)]}");
                }
                why.Append('\n');
            }
            Assert.Fail($"{unfinished.Count} of {Orders} executions did not succeed after the redrive:\n{why}");
        }
        Assert.True(kills[2] > 0, "no Orchestrator process was ever killed: the chaos did not happen");

        var (outcomes, outcomeRecords) = Outcomes(stream);
        Assert.Equal(orderIds, outcomes.Keys.Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal("order.confirmed", Assert.Single(o.Value)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"chaos figures: {Orders} orders (one every {s_placeEvery.TotalMilliseconds} ms), function processes killed (one every {s_killEvery.TotalMilliseconds} ms): "
            + $"Ingest {kills[0]}, Processor {kills[1]}, Orchestrator {kills[2]}; "
            + $"{failedBeforeRedrive.Count} executions failed before redrive and 0 after; {outcomes.Count} orders with one outcome each "
            + $"({outcomeRecords} outcome records on the stream, {outcomeRecords - outcomes.Count} repeats of the same event); 0 lost, 0 duplicated");
    }

    private void Place(KinesisStream stream, string orderId) =>
        _host.Kinesis.PutRecord(stream, new KinesisPutEntry(Encoding.UTF8.GetBytes(
            $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"{{{Source}}}","type":"order.placed","subject":"{{{orderId}}}","time":"2026-12-04T06:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.5},{"sku":"SKU-2","quantity":1,"unitPrice":3}]}}"""),
            orderId, null));

    /// <summary>Every execution's status by name, once <paramref name="expected"/> exist and none is running.</summary>
    private static async Task<Dictionary<string, string>> FinishedAsync(StepFunctionsClient sfn, string machine, int expected)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            var list = await sfn.ListExecutionsAsync(machine, maxResults: 1000, cancellationToken: TestContext.Current.CancellationToken);
            statuses = list.Executions.ToDictionary(e => e.Name, e => e.Status, StringComparer.Ordinal);
            return statuses.Count >= expected && statuses.Values.All(s => s is not ("RUNNING" or "PENDING_REDRIVE"));
        }, () => $"{statuses.Count(s => s.Value is not ("RUNNING" or "PENDING_REDRIVE"))} of {expected} executions finished", s_deadline);
        return statuses;
    }

    /// <summary>The outcome types of each order, de-duplicated by (source, id) as every reader does, and how many outcome records there were.</summary>
    private (SortedDictionary<string, List<string>> ByOrder, int Records) Outcomes(KinesisStream stream)
    {
        var byOrder = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        var records = 0;
        foreach (var shard in stream.Shards)
        {
            var (read, _, _) = _host.Kinesis.GetRecords(_host.Kinesis.GetShardIterator(stream, shard.ShardId, "TRIM_HORIZON", null, null), 10_000);
            foreach (var record in read)
            {
                using var document = JsonDocument.Parse(record.Data);
                var root = document.RootElement;
                var type = root.GetProperty("type").GetString()!;
                if (type is not ("order.confirmed" or "order.rejected"))
                {
                    continue;
                }

                records++;
                if (seen.Add((root.GetProperty("source").GetString()!, root.GetProperty("id").GetString()!)))
                {
                    var orderId = root.GetProperty("subject").GetString()!;
                    (byOrder.TryGetValue(orderId, out var list) ? list : byOrder[orderId] = []).Add(type);
                }
            }
        }

        return (byOrder, records);
    }
}
