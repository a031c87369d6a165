using Sluice.Cli.Tests.Support;
using Sluice.Cli.Tests.Watch;

namespace Sluice.Cli.Tests;

/// <summary>The terminal paths (Spectre progress, tables, grids) render without failing and carry the same facts.</summary>
public sealed class TerminalOutputTests(LocalCloudFixture cloud, StepFunctionsFixture sfn) : IClassFixture<LocalCloudFixture>, IClassFixture<StepFunctionsFixture>
{
    private static CliHost Terminal(CliHost host) => new()
    {
        Out = host.Out,
        Error = host.Error,
        Environment = host.Environment,
        WorkingDirectory = host.WorkingDirectory,
        IsTerminal = true,
    };

    private static CliHost Terminal80x24(CliHost host) => new()
    {
        Out = host.Out,
        Error = host.Error,
        Environment = host.Environment,
        WorkingDirectory = host.WorkingDirectory,
        IsTerminal = true,
        TerminalSize = static () => new TerminalSize(80, 24),
    };

    private static List<string> Screen(string output) =>
        [.. System.Text.RegularExpressions.Regex.Replace(output, "\x1b\\[[0-9;?]*[A-Za-z]|\x1b[=>]", string.Empty).Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0)];

    [Fact]
    public async Task WatchOnce_On80x24_EveryLineFitsRowsFillTheScreenAndJsonKeepsFullIds()
    {
        var machine = await sfn.CreateAsync("terminal-80x24");
        var names = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var name = Guid.NewGuid().ToString();
            names.Add(name);
            await sfn.StartAsync(machine, name, $$"""{"ok":{{(i % 3 == 0 ? "false" : "true")}},"slow":false,"subject":"ord-{{i:D12}}"}""");
        }

        var screen = Screen((await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", "terminal-80x24"], Terminal80x24)).Out);
        var json = await CliRunner.RunAsync(["watch", "--once", "--json", "--endpoint", sfn.Endpoint, "--state-machine", "terminal-80x24"], Terminal80x24);

        Assert.All(screen, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        var rows = screen.Where(l => l.StartsWith("ord-", StringComparison.Ordinal)).ToList();
        Assert.Equal(24 - 7, rows.Count);
        Assert.True(screen.Count <= 23, string.Join("\n", screen));
        Assert.All(rows, r => Assert.Matches("^ord-[0-9]{12}  [0-9a-f]{8}…  (confirmed|FAILED: OutOfStock) ", r));
        Assert.Contains("state machine: terminal-80x24", screen);
        using var document = System.Text.Json.JsonDocument.Parse(json.Out);
        var full = document.RootElement.GetProperty("recent").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(10, full.Count);
        Assert.All(full, n => Assert.Contains(n, names));
    }

    [Fact]
    public async Task WatchExecution_On80x24_EveryLineFits()
    {
        var machine = await sfn.CreateAsync("terminal-lanes", StepFunctionsFixture.LanesDefinition);
        await sfn.StartAsync(machine, "a-rather-long-execution-name-that-would-wrap-on-a-small-terminal-0001",
            """{"subject":"ord-with-a-long-identifier-000000000001","data":{"lines":[{"sku":"A"},{"sku":"OOS-1"}]}}""");

        var result = await CliRunner.RunAsync(["watch", "a-rather-long-execution-name-that-would-wrap-on-a-small-terminal-0001", "--endpoint", sfn.Endpoint, "--state-machine", "terminal-lanes"], Terminal80x24);

        Assert.True(result.ExitCode == 0, result.ToString());
        var screen = Screen(result.Out);
        Assert.All(screen, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains(screen, l => l.Contains("| [1] OutOfStock", StringComparison.Ordinal) && l.Contains("failed: OutOfStock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutAndHistory_OnATerminal_RenderTheSummaryAndTheEvents()
    {
        var stream = await cloud.NewStreamAsync(1);

        var put = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--count", "20", "--mix", "valid=1", "--seed", "5"], Terminal);
        var orderId = (await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream))[0].PartitionKey;
        var history = await CliRunner.RunAsync(["history", orderId, "--endpoint", cloud.Endpoint, "--stream", stream], Terminal);

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Contains("20 of 20 (valid 20)", put.Out, StringComparison.Ordinal);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("placed", history.Out, StringComparison.Ordinal);
        Assert.Contains("1 (0 duplicates dropped)", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchOnce_OnATerminal_RendersTheTable()
    {
        var machine = await sfn.CreateAsync("terminal-machine");
        await sfn.StartAsync(machine, "t-bad", """{"ok":false,"slow":false}""");

        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", "terminal-machine"], Terminal);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("t-bad", result.Out, StringComparison.Ordinal);
        Assert.Contains("OutOfStock", result.Out, StringComparison.Ordinal);
    }
}
