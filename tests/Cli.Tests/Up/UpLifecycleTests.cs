using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sluice.Shared;

namespace Sluice.Cli.Tests.Up;

public sealed partial class UpLifecycleTests
{
    // The first run in a fresh clone AOT-publishes the three functions (1-4 min on a loaded machine).
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Up_RunsUntilCancelled_PrintsEndpointAndResourcesThenStopsWithZero()
    {
        if (!CToolchainProbe.Available())
        {
            Assert.Skip("gcc not installed: native AOT links the functions with the C toolchain");
        }
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            IsTerminal = false,
            Environment = new DictionaryEnvironment(UpCommandTests.WithPath()),
            WorkingDirectory = RepositoryRoot.Directory,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = SluiceCommand.RunAsync(host, ["up", "--ephemeral", "--port", "0"], stop.Token);

        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (!output.ToString().Contains("Outputs:", StringComparison.Ordinal) && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        var printed = output.ToString();
        Assert.False(run.IsCompleted, $"up ended early:\n{printed}\n{error}");
        var endpoint = EndpointLine().Match(printed);
        Assert.True(endpoint.Success, printed);
        Assert.Contains("sluice-dev-orders", printed, StringComparison.Ordinal);
        Assert.Contains("sluice-dev-order-fulfilment", printed, StringComparison.Ordinal);
        Assert.Contains("sluice-dev-rejected", printed, StringComparison.Ordinal);
        var port = int.Parse(endpoint.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await AcceptsAsync(port), "the endpoint does not accept connections while up runs");

        await stop.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.False(await AcceptsAsync(port), "the endpoint still accepts connections after up stopped");
        Assert.Contains("up: stopping", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^Endpoint: http://127\.0\.0\.1:(\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex EndpointLine();
}
