using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// The console's list at 10,000 stored executions: the server pages and filters, so each answer is
/// one page whatever is stored, and the page's cost is measured (printed with the test's output).
/// </summary>
public sealed class ConsoleScaleTests
{
    private const int Executions = 10_000;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Executions_TenThousandStored_EveryPageAndFilterAnswersQuickly()
    {
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await host.StartAsync().WaitAsync(s_timeout);
        using var http = new HttpClient { BaseAddress = new Uri(host.Endpoint) };
        var machine = await ConsoleRig.CreateMachineAsync(host, "orders");
        await ConsoleRig.RunOrdersAsync(host, machine, Executions, "s");

        var figures = new List<string>();
        async Task<JsonElement> TimedAsync(string label, string query)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri("/console/api/executions?" + query, UriKind.Relative)).WaitAsync(s_timeout);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            figures.Add($"{label}: {watch.Elapsed.TotalMilliseconds:F1} ms ({body.Length:N0} bytes)");
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        var cold = await TimedAsync("first page, cold (every order id read once)", "limit=50");
        Assert.Equal(Executions, cold.GetProperty("total").GetInt32());
        Assert.Equal(50, cold.GetProperty("executions").GetArrayLength());

        var warm = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await TimedAsync($"first page, warm #{i + 1}", "limit=50");
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }

        var last = await TimedAsync("last page", $"limit=50&offset={Executions - 50}");
        Assert.Equal("s-00000", last.GetProperty("executions")[49].GetProperty("name").GetString());
        var text = await TimedAsync("text filter (order id)", "q=ord-s-0999");
        Assert.Equal(10, text.GetProperty("matched").GetInt32());
        var failed = await TimedAsync("status filter FAILED", "status=FAILED&limit=50");
        Assert.Equal(Executions / 25, failed.GetProperty("matched").GetInt32());
        var rejected = await TimedAsync("outcome filter rejected (failed state read from histories)", "outcome=rejected&limit=50");
        Assert.Equal(50, rejected.GetProperty("executions").GetArrayLength());
        var cursor = cold.GetProperty("cursor").GetString();
        var unchanged = await TimedAsync("unchanged (since=cursor)", "limit=50&since=" + cursor);
        Assert.True(unchanged.GetProperty("unchanged").GetBoolean());
        var ranged = await TimedAsync("start time from/to", $"limit=50&from={last.GetProperty("executions")[49].GetProperty("startDate").GetInt64()}&to={cold.GetProperty("executions")[0].GetProperty("startDate").GetInt64()}");
        Assert.Equal(50, ranged.GetProperty("executions").GetArrayLength());

        // What an open page's live polling costs while nothing changes: one request a second, each answered from the cursor alone.
        const int Polls = 200;
        var pollWatch = Stopwatch.StartNew();
        long pollBytes = 0;
        for (var i = 0; i < Polls; i++)
        {
            using var response = await http.GetAsync(new Uri("/console/api/executions?limit=50&since=" + cursor, UriKind.Relative)).WaitAsync(s_timeout);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("\"unchanged\":true", body, StringComparison.Ordinal);
            pollBytes += body.Length + response.Headers.ToString().Length + response.Content.Headers.ToString().Length;
        }

        figures.Add($"unchanged poll, mean of {Polls}: {pollWatch.Elapsed.TotalMilliseconds / Polls:F2} ms, {pollBytes / Polls:N0} bytes with headers");

        TestContext.Current.TestOutputHelper?.WriteLine($"{Executions:N0} executions stored:\n  " + string.Join("\n  ", figures));
        // Generous for a loaded 2-core machine: a page is a scan of the snapshots, never a read of every execution's JSON.
        Assert.True(warm.Order().ElementAt(2) < 500, string.Join("; ", figures));
    }
}
