using System.Text.Json;
using Sluice.Cli.Tests.Up;
using Sluice.Shared;

namespace Sluice.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    // The first run in a fresh clone AOT-publishes the three functions (1-4 min on a loaded machine).
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Demo_SmallSeededBatch_SummaryAddsUpAndEveryValidOrderEndsOnce()
    {
        var (code, output, error) = await RunAsync(["demo", "--count", "30", "--seed", "1", "--json"]);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        using var document = JsonDocument.Parse(output);
        var s = document.RootElement;
        Assert.Equal(30, s.GetProperty("ordersPut").GetInt32());
        Assert.True(s.GetProperty("checkPassed").GetBoolean());
        Assert.Empty(s.GetProperty("problems").EnumerateArray());

        var ingestRejected = s.GetProperty("ingestRejected").GetInt32();
        var valid = s.GetProperty("validOrders").GetInt32();
        Assert.Equal(30, ingestRejected + valid);
        Assert.Equal(ingestRejected, Sum(s.GetProperty("ingestRejectedReasons")));
        var outcomes = s.GetProperty("ordersByOutcome");
        Assert.Equal(valid, Sum(outcomes));
        Assert.Equal(valid, Sum(s.GetProperty("executionsByStatus")));
        Assert.All(outcomes.EnumerateObject(), o => Assert.Matches("^(confirmed|rejected:(OutOfStock|PaymentDeclined|ValidationFailed))$", o.Name));

        // The seeded generator's kinds map onto outcomes: valid confirmed, out-of-stock and declined rejected with their reasons.
        var kinds = s.GetProperty("putByKind");
        Assert.Equal(Count(kinds, "valid"), Count(outcomes, "confirmed"));
        Assert.Equal(Count(kinds, "out-of-stock"), Count(outcomes, "rejected:OutOfStock"));
        Assert.Equal(Count(kinds, "declined"), Count(outcomes, "rejected:PaymentDeclined"));
        Assert.Equal(Count(kinds, "malformed"), ingestRejected + Count(outcomes, "rejected:ValidationFailed"));

        var latency = s.GetProperty("latencyMs");
        Assert.Equal(valid, latency.GetProperty("count").GetInt32());
        var p50 = latency.GetProperty("p50").GetDouble();
        var p95 = latency.GetProperty("p95").GetDouble();
        var p99 = latency.GetProperty("p99").GetDouble();
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"p50 {p50} p95 {p95} p99 {p99}");

        // The identity and trust probes: two forged outcomes refused and left out, the declined order decided by the workflow,
        // a shared (source, id) with other content a conflict, the same id from another source its own order.
        var probes = s.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal(5, probes.Count);
        Assert.All(probes, p => Assert.True(p.GetProperty("passed").GetBoolean(), p.ToString()));
        Assert.Contains("order.confirmed events are written only by the workflow", probes[0].GetProperty("seen").GetString(), StringComparison.Ordinal);
        Assert.Contains("signature ('sluicemac') does not verify", probes[1].GetProperty("seen").GetString(), StringComparison.Ordinal);
        Assert.Contains("rejected:PaymentDeclined", probes[2].GetProperty("seen").GetString(), StringComparison.Ordinal);
        Assert.Contains("on the rejected queue (sluice.processor.rejected): event (source 'sluice/generator'", probes[3].GetProperty("seen").GetString(), StringComparison.Ordinal);
        Assert.Matches("ran as execution .* \\(SUCCEEDED, confirmed\\)$", probes[4].GetProperty("seen").GetString());
        Assert.True(s.GetProperty("untrustedOutcomes").GetInt32() >= 2);

        var coldStarts = s.GetProperty("coldStarts");
        Assert.Equal(3, coldStarts.EnumerateObject().Count());
        Assert.All(coldStarts.EnumerateObject(), f => Assert.True(f.Value.GetInt32() >= 1, $"{f.Name}: {f.Value}"));
    }

    [Fact]
    public async Task Demo_CtrlCWhileFollowing_PrintsThePartialSummaryAndExits130()
    {
        using var interrupt = new CancellationTokenSource();
        var putDone = false;
        var (code, output, error) = await RunAsync(["demo", "--count", "40", "--seed", "2", "--json"], interrupt, host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = host.Environment,
            WorkingDirectory = host.WorkingDirectory,
            // The first pause after the put is the demo following the pipeline: Ctrl-C there.
            Delay = (delay, token) =>
            {
                if (putDone)
                {
                    interrupt.Cancel();
                }

                return Task.Delay(delay, token);
            },
        }, line => putDone |= System.Text.RegularExpressions.Regex.IsMatch(line, "^demo: put ([0-9]+)/\\1 "));

        Assert.True(code == 130, $"exit {code}\n{output}\n{error}");
        using var document = JsonDocument.Parse(output);
        var s = document.RootElement;
        Assert.True(s.GetProperty("interrupted").GetBoolean());
        Assert.False(s.GetProperty("checkPassed").GetBoolean());
        Assert.Equal(40, s.GetProperty("ordersPut").GetInt32());
        var problems = s.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal("interrupted by Ctrl-C while following the pipeline", problems[0]);
        Assert.Matches("^[0-9]+ of [0-9]+ valid orders had no outcome yet$", problems[1]);
        Assert.Equal(2, problems.Count);
        Assert.EndsWith("sluice: demo interrupted; the summary above is what was seen so far", error.Trim(), StringComparison.Ordinal);
    }

    private static int Sum(JsonElement counts) => counts.EnumerateObject().Sum(p => p.Value.GetInt32());

    private static int Count(JsonElement counts, string key) => counts.TryGetProperty(key, out var v) ? v.GetInt32() : 0;

    private static Task<(int Code, string Output, string Error)> RunAsync(string[] args) => RunAsync(args, null, null, null);

    private static async Task<(int Code, string Output, string Error)> RunAsync(
        string[] args, CancellationTokenSource? interrupt, Func<CliHost, CliHost>? adjust, Action<string>? onStatus)
    {
        if (!Up.CToolchainProbe.Available())
        {
            Assert.Skip("gcc not installed: native AOT links the functions with the C toolchain");
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = TextWriter.Synchronized(new StatusWriter(error, onStatus)),
            IsTerminal = false,
            Environment = new DictionaryEnvironment(UpCommandTests.WithPath()),
            WorkingDirectory = RepositoryRoot.Directory,
        };
        host = adjust?.Invoke(host) ?? host;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, interrupt?.Token ?? CancellationToken.None);
        var code = await SluiceCommand.RunAsync(host, args, cancel.Token).WaitAsync(s_runTimeout, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Standard error that also tells the test each status line as it is written.</summary>
    private sealed class StatusWriter(TextWriter inner, Action<string>? onLine) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void WriteLine(string? value)
        {
            inner.WriteLine(value);
            onLine?.Invoke(value ?? string.Empty);
        }
    }
}
