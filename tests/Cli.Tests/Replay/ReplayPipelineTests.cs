using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Tests.Support;
using Sluice.LocalCloud.Hosting;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.Replay;

/// <summary>
/// `sluice replay` on the whole local stack: the project's template, the real AOT functions. Orders
/// go in with `sluice put`, their executions finish, and a replay from before the put re-puts every
/// event; the Processor's starts are refused by name, so the executions stay as they were.
/// </summary>
public sealed class ReplayPipelineTests : IAsyncLifetime
{
    // The first run in a fresh clone AOT-publishes the three functions: minutes on a loaded machine.
    private static readonly TimeSpan s_deployTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan s_settle = TimeSpan.FromMinutes(3);
    private const int Orders = 6;

    private LocalCloudHost _host = null!;
    private StackDeployment _stack = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var root = RepositoryRoot.Directory;
        _host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, RepositoryRoot = root, EventSourcePollInterval = TimeSpan.FromMilliseconds(20) });
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _stack = await _host.DeployStackAsync(new StackDeploymentRequest(Path.Combine(root, "infra", "template.yaml"))).WaitAsync(s_deployTimeout);
        Assert.True(_stack.Succeeded, _stack.Error?.Message);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Replay_OrdersAlreadyDone_AllReportedDoneAndNoSecondExecution()
    {
        var stream = _stack.Outputs["OrderStreamName"];
        var machine = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        string[] common = ["--endpoint", _host.Endpoint, "--stream", stream, "--state-machine", machine];
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var put = await CliRunner.RunAsync(["put", "--count", Orders.ToString(CultureInfo.InvariantCulture), "--seed", "7", "--mix", "valid=2,out-of-stock=1,declined=1", .. common]);
        Assert.Equal(0, put.ExitCode);
        var executions = await Poll.ForAsync(async () => await ExecutionsAsync(machine) is { Count: Orders } e && e.All(x => x.Status != "RUNNING") ? e : null,
            () => $"not all {Orders} executions finished", s_settle);
        var duplicatesBefore = await DuplicateStartsAsync();

        var from = before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var dry = await CliRunner.RunAsync(["replay", "--from", from, "--dry-run", "--json", .. common]);
        Assert.Equal(0, dry.ExitCode);
        var dryReport = JsonDocument.Parse(dry.Out).RootElement;
        Assert.Equal(Orders, dryReport.GetProperty("eventsFound").GetInt32());
        Assert.Equal(Orders, dryReport.GetProperty("alreadyDone").GetInt32());
        Assert.Equal(0, dryReport.GetProperty("eventsRePut").GetInt32());
        Assert.True(dryReport.GetProperty("otherEvents").GetInt32() >= Orders, "the outcome events are on the stream too and are skipped");

        var replay = await CliRunner.RunAsync(["replay", "--from", from, "--json", .. common]);
        Assert.Equal(0, replay.ExitCode);
        var report = JsonDocument.Parse(replay.Out).RootElement;
        Assert.Equal(Orders, report.GetProperty("eventsFound").GetInt32());
        Assert.Equal(Orders, report.GetProperty("alreadyDone").GetInt32());
        Assert.Equal(0, report.GetProperty("inProgress").GetInt32());
        Assert.Equal(0, report.GetProperty("notYetStarted").GetInt32());
        Assert.Equal(Orders, report.GetProperty("eventsRePut").GetInt32());

        // The replayed events went through Ingest and SNS to the Processor, which was refused each start.
        await Poll.UntilAsync(async () => await DuplicateStartsAsync() - duplicatesBefore >= Orders,
            () => $"fewer than {Orders} refused duplicate starts", s_settle);
        Assert.Equal(Orders, await DuplicateStartsAsync() - duplicatesBefore);
        var after = await ExecutionsAsync(machine);
        Assert.Equal(executions.Select(e => (e.Name, e.Status)).Order(), after.Select(e => (e.Name, e.Status)).Order());
    }

    private async Task<IReadOnlyList<ExecutionListItem>> ExecutionsAsync(string machine)
    {
        var client = new StepFunctionsClient(AwsTestClients.Options(_host.Endpoint), _http);
        var result = await client.ListExecutionsAsync(machine, maxResults: 1000, cancellationToken: TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return result.Executions;
    }

    /// <summary>The Processor's DuplicateStarts metric summed over its EMF log lines.</summary>
    private async Task<int> DuplicateStartsAsync()
    {
        var logs = await _http.GetStringAsync(new Uri($"{_host.Endpoint}/_localcloud/lambda/functions/{_stack.Outputs["ProcessorFunctionName"]}/logs"), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var total = 0;
        foreach (var line in logs.Split('\n'))
        {
            var start = line.IndexOf('{', StringComparison.Ordinal);
            if (start < 0 || !line.Contains("\"DuplicateStarts\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line.AsMemory(start));
            if (doc.RootElement.TryGetProperty("DuplicateStarts", out var n) && n.ValueKind == JsonValueKind.Number)
            {
                total += n.GetInt32();
            }
        }

        return total;
    }
}
