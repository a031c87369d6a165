using System.Text;
using Sluice.LocalCloud.Tests.Support;
using Sluice.Shared.Aws;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>The project's own Step Functions client (src/Shared/Aws) against the local cloud: the list calls and their pages.</summary>
public sealed class StepFunctionsClientTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private const string Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}""";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private AwsClientOptions Options() => new()
    {
        Credentials = new AwsCredentials("test", "test"),
        Region = "us-east-1",
        EndpointUrl = new Uri(cloud.Endpoint),
    };

    private async Task<string> CreateAsync(string name)
    {
        var transport = new AwsHttpClient(Options(), AwsService.StepFunctions, _http);
        var request = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["definition"] = Definition, ["roleArn"] = "arn:aws:iam::000000000000:role/sfn" };
        var body = request.ToJsonString();
        var answer = await transport.SendJsonAsync("AWSStepFunctions.CreateStateMachine", "1.0", Encoding.UTF8.GetBytes(body), CancellationToken.None).WaitAsync(s_timeout);
        using var document = System.Text.Json.JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("stateMachineArn").GetString()!;
    }

    [Fact]
    public async Task ListStateMachinesPages_SmallPages_FindEveryMachineOnce()
    {
        var prefix = "pages-" + Guid.NewGuid().ToString("N")[..8];
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateAsync($"{prefix}-{i}"));
        }

        var sfn = new StepFunctionsClient(Options(), _http);
        var seen = new List<StateMachineListItem>();
        var pages = 0;
        await foreach (var page in sfn.ListStateMachinesPagesAsync(pageSize: 2))
        {
            pages++;
            Assert.True(page.StateMachines.Count <= 2);
            seen.AddRange(page.StateMachines.Where(m => m.Name.StartsWith(prefix, StringComparison.Ordinal)));
        }

        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Select(m => m.StateMachineArn).Order(StringComparer.Ordinal));
        Assert.All(seen, m => Assert.Equal("STANDARD", m.Type));
    }

    [Fact]
    public async Task ExecutionsAndHistoryPages_SmallPages_ReadEverything()
    {
        var machine = await CreateAsync("paged-" + Guid.NewGuid().ToString("N")[..8]);
        var sfn = new StepFunctionsClient(Options(), _http);
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            started.Add((await sfn.StartExecutionAsync(machine, $"run-{i}", "{}").WaitAsync(s_timeout)).ExecutionArn);
        }

        foreach (var arn in started)
        {
            await cloud.Host.StepFunctions.WaitForExecutionAsync(arn, CancellationToken.None).WaitAsync(s_timeout);
        }

        var listed = new List<string>();
        await foreach (var page in sfn.ListExecutionsPagesAsync(machine, pageSize: 2))
        {
            listed.AddRange(page.Executions.Select(e => e.ExecutionArn));
        }

        var events = new List<HistoryEvent>();
        await foreach (var page in sfn.GetExecutionHistoryPagesAsync(started[0], pageSize: 2))
        {
            events.AddRange(page.Events);
        }

        Assert.Equal(started.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.Equal("ExecutionStarted", events[0].Type);
        Assert.Equal(["A", "B"], events.Where(e => e.Type == "PassStateEntered").Select(e => e.StateEnteredEventDetails!.Name));
    }
}
