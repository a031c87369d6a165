using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The host itself killed with SIGKILL while orders flow, at a small size: the durability harness
/// (benchmarks/durability/kill.sh) runs the standalone host with the project's stack on a data
/// directory, kills it (and its function processes) twice while `sluice put` sends orders, starts it
/// again on the same directory each time, and checks that every order on the stream ends with exactly
/// one execution, SUCCEEDED, and exactly one outcome. The benchmark runs the same at 2,000 orders.
/// </summary>
public sealed class HostKillPipelineTests
{
    [Fact]
    public async Task HostKilledTwiceWhileOrdersFlow_EveryOrderEndsWithOneExecutionAndOneOutcome()
    {
        var script = Path.Combine(RepositoryRoot.Directory, "benchmarks", "durability", "kill.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Directory };
        foreach (var argument in new[] { script, "240", "2", "15" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SKIP_BUILD"] = "1";
        // The configuration these tests were built in (bin/<configuration>/net10.0/): its host and CLI builds are used.
        start.Environment["CONFIGURATION"] = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        start.Environment["PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SEED"] = "31";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(20));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var report = await output + await errors;
        Assert.True(process.ExitCode == 0, report);
        Assert.Contains("kill 1: host killed and back", report, StringComparison.Ordinal);
        Assert.Contains("orders without an execution: 0; with two or more: 0; not SUCCEEDED: 0", report, StringComparison.Ordinal);
        Assert.Contains("orders without an outcome: 0; with two different outcomes: 0", report, StringComparison.Ordinal);
        Assert.Contains("RESULT: ok", report, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
