using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Up;
using Sluice.Shared;

namespace Sluice.Cli.Tests.LoadTest;

/// <summary>
/// Runs loadtest/ against the whole stack in the local cloud: the putter's retry test on a
/// throttled 1-shard stream, then the Artillery smoke scenario, whose ensure checks must pass.
/// </summary>
public sealed partial class LoadTestSmokeTests
{
    // The first run in a fresh clone AOT-publishes the three functions (1-4 min on a loaded machine).
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Smoke_AgainstLocalStack_PassesThresholdsAndEveryOrderReachesAnOutcome()
    {
        if (!CToolchainProbe.Available())
        {
            Assert.Skip("gcc not installed: native AOT links the functions with the C toolchain");
        }
        var loadtest = Path.Combine(RepositoryRoot.Directory, "loadtest");
        var none = new Dictionary<string, string>();
        if (await ChildProcess.RunAsync("node", ["--version"], loadtest, none, TimeSpan.FromSeconds(30)) is null
            || await ChildProcess.RunAsync("npm", ["--version"], loadtest, none, TimeSpan.FromSeconds(30)) is null)
        {
            Assert.Skip("node/npm not installed: the load tests are an Artillery (Node.js) project");
        }
        if (!Directory.Exists(Path.Combine(loadtest, "node_modules")))
        {
            var install = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], loadtest, none, s_installTimeout);
            Assert.True(install!.Code == 0, install.Output);
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
        var up = SluiceCommand.RunAsync(host, ["up", "--ephemeral", "--port", "0"], stop.Token);
        try
        {
            var deadline = DateTime.UtcNow + s_readyTimeout;
            while (!output.ToString().Contains("Outputs:", StringComparison.Ordinal) && !up.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
            var printed = output.ToString();
            Assert.False(up.IsCompleted, $"up ended early:\n{printed}\n{error}");
            var endpoint = EndpointLine().Match(printed);
            Assert.True(endpoint.Success, printed);
            var environment = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL"] = endpoint.Groups[1].Value,
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["SLUICE_STACK"] = "",
            };

            var unit = await ChildProcess.RunAsync("npm", ["test"], loadtest, environment, s_runTimeout);
            Assert.True(unit!.Code == 0, unit.Output);
            Assert.Contains("ok 1 - putAll_BurstOverOneShardLimit_LandsEveryRecordOnceWithRetries", unit.Output, StringComparison.Ordinal);
            Assert.Contains("# fail 0", unit.Output, StringComparison.Ordinal);
            Assert.Contains("# skipped 0", unit.Output, StringComparison.Ordinal);

            var report = Path.Combine(Path.GetTempPath(), $"sluice-smoke-{Guid.NewGuid():N}.json");
            try
            {
                var smoke = await ChildProcess.RunAsync("npx", ["artillery", "run", "--output", report, "scenarios/smoke.yml"], loadtest, environment, s_runTimeout);
                Assert.True(smoke!.Code == 0, smoke.Output);
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
                var aggregate = document.RootElement.GetProperty("aggregate");
                var counters = aggregate.GetProperty("counters");
                var records = Counter(counters, "sluice.records");
                Assert.True(records >= 100, $"only {records} records put");
                Assert.Equal(records, Counter(counters, "sluice.outcomes"));
                Assert.Equal(records, Counter(counters, "sluice.confirmed") + Counter(counters, "sluice.rejected"));
                Assert.Equal(0, Counter(counters, "sluice.lost_orders"));
                Assert.Equal(0, Counter(counters, "vusers.failed"));
                Assert.Equal(Counter(counters, "vusers.created"), Counter(counters, "vusers.completed"));
                var latency = aggregate.GetProperty("summaries").GetProperty("sluice.e2e_latency");
                Assert.Equal(records, latency.GetProperty("count").GetInt32());
                var p99 = latency.GetProperty("p99").GetDouble();
                Assert.True(p99 > 0 && p99 <= 10_000, p99.ToString(CultureInfo.InvariantCulture));
            }
            finally
            {
                File.Delete(report);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await up.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
    }

    private static int Counter(JsonElement counters, string name) => counters.TryGetProperty(name, out var v) ? v.GetInt32() : 0;

    [GeneratedRegex(@"^Endpoint: (http://127\.0\.0\.1:\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex EndpointLine();
}
