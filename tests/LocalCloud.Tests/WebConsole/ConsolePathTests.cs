using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.CloudFormation.Template;
using Sluice.Shared.Domain;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// An order's path in the console, through the real pipeline (the project's template, the three AOT
/// functions): a confirmed order is seen at every hop, tied by message ids and the execution name
/// rule; a record that is not an event stops at Ingest with its reason; an order whose outcome cannot
/// be recorded (the outcome key disabled) stops at its FAILED execution, with the state it failed in.
/// </summary>
public sealed class ConsolePathTests : IAsyncLifetime
{
    private const string Source = "sluice/console-path";
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(4);
    private LocalCloudHost _host = null!;
    private DeployedStack _stack = null!;
    private readonly HttpClient _http = new();

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

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task OrderPath_ConfirmedOrderAtEveryHop_RefusedRecordStopsAtIngest_FailedExecutionShowsWhereItStopped()
    {
        var stream = _host.Kinesis.Stream(_stack.Outputs["OrderStreamName"], null);
        Put(stream, "path-ok", OrderPlaced("path-ok"));
        Put(stream, "path-garbage", "this is not an event");

        var ok = await PathAsync("path-ok", p => p.GetProperty("end").GetString() == "complete");
        Assert.Equal(["stream", "sns", "sqs", "execution", "outcome"], Hops(ok).Select(h => h.GetProperty("hop").GetString()));
        Assert.All(Hops(ok), h => Assert.Equal("ok", h.GetProperty("status").GetString()));
        var sns = Hop(ok, "sns").GetProperty("detail").GetProperty("messages");
        Assert.Equal(1, sns.GetArrayLength());
        Assert.True(Guid.TryParse(sns[0].GetProperty("messageId").GetString(), out _));
        var sqs = Hop(ok, "sqs").GetProperty("detail");
        var queued = Assert.Single(sqs.GetProperty("messages").EnumerateArray());
        Assert.Equal(_stack.Outputs["WorkflowQueueUrl"].Split('/')[^1], queued.GetProperty("queue").GetString());
        Assert.Equal("consumed", queued.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(queued.GetProperty("sqsMessageId").GetString()));
        // The rejected queue's subscription takes only rejection types: the order.placed message was filtered out there.
        Assert.Equal(1, sqs.GetProperty("filteredOut").GetArrayLength());
        var execution = Hop(ok, "execution").GetProperty("detail");
        Assert.Equal(ExecutionName.For(Source, "evt-path-ok"), execution.GetProperty("name").GetString());
        Assert.Equal("SUCCEEDED", execution.GetProperty("status").GetString());
        var outcome = Hop(ok, "outcome").GetProperty("detail");
        Assert.Equal("path-ok/outcome", outcome.GetProperty("eventId").GetString());
        Assert.Equal("order.confirmed", outcome.GetProperty("type").GetString());

        var garbage = await PathAsync("path-garbage", p => p.GetProperty("end").GetString() == "stopped");
        Assert.Equal("ingest", garbage.GetProperty("at").GetString());
        Assert.Equal(["stream", "ingest"], Hops(garbage).Select(h => h.GetProperty("hop").GetString()));
        var refused = Hop(garbage, "ingest").GetProperty("detail");
        Assert.StartsWith("record is not valid JSON", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(":" + garbage.GetProperty("sequenceNumber").GetString(), refused.GetProperty("eventId").GetString(), StringComparison.Ordinal);

        // With the outcome key disabled the Orchestrator cannot sign: RecordConfirmed's retries run out and the execution fails.
        _host.Region(_host.Options.Region).Kms!.DisableKey(_stack.Outputs["OutcomeKeyArn"]);
        Put(stream, "path-fail", OrderPlaced("path-fail"));
        var failed = await PathAsync("path-fail", p => p.GetProperty("end").GetString() == "stopped");
        Assert.Equal("execution", failed.GetProperty("at").GetString());
        Assert.Equal(["stream", "sns", "sqs", "execution"], Hops(failed).Select(h => h.GetProperty("hop").GetString()));
        var stoppedExecution = Hop(failed, "execution");
        Assert.Equal("stopped", stoppedExecution.GetProperty("status").GetString());
        Assert.Equal("FAILED", stoppedExecution.GetProperty("detail").GetProperty("status").GetString());
        Assert.Equal("RecordConfirmed", stoppedExecution.GetProperty("detail").GetProperty("failedState").GetString());
        Assert.Contains("RecordConfirmed", failed.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // An order id with no record anywhere, and a missing id.
        using (var none = JsonDocument.Parse(await _http.GetStringAsync($"{_host.Endpoint}/console/api/order?id=no-such-order")))
        {
            Assert.Equal(0, none.RootElement.GetProperty("paths").GetArrayLength());
        }

        using var bad = await _http.GetAsync($"{_host.Endpoint}/console/api/order");
        Assert.Equal(400, (int)bad.StatusCode);

        await BrowserAsync(execution.GetProperty("executionArn").GetString()!);
    }

    /// <summary>The page: from the execution's "its path" link to the order's hops; the failed order stopped at its execution; the search box.</summary>
    private async Task BrowserAsync(string okExecutionArn)
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"Install chromium: `apt-get install -y chromium` ({ConsoleBrowserTests.Chromium}).");
        Directory.CreateDirectory(ConsoleBrowserTests.ScreenshotDirectory);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ConsoleBrowserTests.Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync($"{_host.Endpoint}/console/#/execution/{Uri.EscapeDataString(okExecutionArn)}");
        await page.GetByTestId("order-path-link").ClickAsync();
        var path = page.GetByTestId("path");
        await Assertions.Expect(path).ToHaveAttributeAsync("data-end", "complete");
        await Assertions.Expect(path.Locator("li.hop.ok")).ToHaveCountAsync(5);
        await Assertions.Expect(path.Locator("li[data-hop=outcome]")).ToContainTextAsync("Order confirmed");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowserTests.ScreenshotDirectory, "console-order-path.png"), FullPage = true });

        await page.GetByTestId("order-id").FillAsync("path-fail");
        await page.GetByTestId("order-id").PressAsync("Enter");
        await Assertions.Expect(path).ToHaveAttributeAsync("data-end", "stopped");
        await Assertions.Expect(path).ToHaveAttributeAsync("data-at", "execution");
        await Assertions.Expect(path.Locator("li[data-hop=execution]")).ToHaveAttributeAsync("data-status", "stopped");
        await Assertions.Expect(path.GetByTestId("path-summary")).ToContainTextAsync("Stopped at Execution");
        await Assertions.Expect(path.Locator("li[data-hop=outcome]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowserTests.ScreenshotDirectory, "console-order-path-failed.png"), FullPage = true });
        Assert.Empty(errors);
    }

    private async Task<JsonElement> PathAsync(string orderId, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        await Poll.UntilAsync(async () =>
        {
            using var document = JsonDocument.Parse(await _http.GetStringAsync($"{_host.Endpoint}/console/api/order?id={Uri.EscapeDataString(orderId)}"));
            var paths = document.RootElement.GetProperty("paths");
            if (paths.GetArrayLength() != 1)
            {
                return false;
            }

            last = paths[0].Clone();
            return done(last);
        }, () => $"the path of {orderId} is {(last.ValueKind == JsonValueKind.Undefined ? "not there" : last.GetRawText())}", s_deadline);
        return last;
    }

    private static IEnumerable<JsonElement> Hops(JsonElement path) => path.GetProperty("hops").EnumerateArray();

    private static JsonElement Hop(JsonElement path, string hop) => Hops(path).Single(h => h.GetProperty("hop").GetString() == hop);

    private void Put(KinesisStream stream, string partitionKey, string data) =>
        _host.Kinesis.PutRecord(stream, new KinesisPutEntry(Encoding.UTF8.GetBytes(data), partitionKey, null));

    private static string OrderPlaced(string orderId) =>
        $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"{{{Source}}}","type":"order.placed","subject":"{{{orderId}}}","time":"2026-12-04T22:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.5}]}}""";
}
