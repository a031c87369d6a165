using Sluice.Cli.Tests.Support;
using Sluice.Cli.Tests.Watch;

namespace Sluice.Cli.Tests;

/// <summary>The terminal paths (Spectre progress, tables, grids) render without failing and carry the same facts.</summary>
public sealed class TerminalOutputTests(LocalCloudFixture cloud, StepFunctionsFixture sfn) : IClassFixture<LocalCloudFixture>, IClassFixture<StepFunctionsFixture>
{
    private static CliHost Terminal(CliHost host) => new()
    {
        Out = host.Out, Error = host.Error, Environment = host.Environment, WorkingDirectory = host.WorkingDirectory, IsTerminal = true,
    };

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
