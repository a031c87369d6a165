using Microsoft.Playwright;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// The console in a real browser: Debian's chromium, driven by Playwright. The list fills as
/// executions run (including ones whose workflow caught an error), and an execution opens.
/// Screenshots are kept under the test output directory (screenshots/console-*.png).
/// </summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime
{
    /// <summary>Debian's chromium; .ci/run installs it (Playwright downloads no browser here).</summary>
    public const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly List<string> _pageErrors = [];
    private LocalCloudHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Chromium),
            $"The console's browser test needs Debian's chromium at {Chromium}: install it with `apt-get install -y chromium` (CI's .ci/run installs it).");
        Assertions.SetDefaultExpectTimeout((float)s_timeout.TotalMilliseconds);
        _host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await _host.StartAsync().WaitAsync(s_timeout);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout((float)s_timeout.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _pageErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _pageErrors.Add(error);
        await page.GotoAsync(_host.Endpoint + path);
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"console-{name}.png"), FullPage = true });

    [Fact]
    public async Task Console_ExecutionsRun_ListFillsLiveAndARejectedOrderOpens()
    {
        var machine = await ConsoleRig.CreateMachineAsync(_host, "orders");
        await ConsoleRig.RunOrdersAsync(_host, machine, 30, "b");
        var page = await OpenAsync("/console/");
        var rows = page.Locator("tbody[data-testid=executions] tr[data-arn]");

        await Assertions.Expect(rows).ToHaveCountAsync(30);
        await Assertions.Expect(page.Locator("tbody[data-testid=executions] tr[data-status=SUCCEEDED]")).ToHaveCountAsync(29);
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");

        // Live: an execution started while the page is open appears, and ends SUCCEEDED.
        var late = await ConsoleRig.StartAsync(_host, machine, "b-late", "ord-b-late", "confirm");
        await _host.StepFunctions.WaitForExecutionAsync(late, CancellationToken.None).WaitAsync(s_timeout);
        var lateRow = page.Locator($"tr[data-arn='{late}']");
        await Assertions.Expect(lateRow).ToHaveAttributeAsync("data-status", "SUCCEEDED");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-arn", late);
        await Assertions.Expect(lateRow.Locator("td").First).ToHaveTextAsync("ord-b-late");

        var rejectedRow = page.Locator("tr", new PageLocatorOptions { HasText = "ord-b-00009" });
        await Assertions.Expect(rejectedRow).ToContainTextAsync("rejected: OutOfStock");
        await Assertions.Expect(rejectedRow).ToContainTextAsync("CheckStock");
        await ScreenshotAsync(page, "list");

        // The filters: text and status, answered by the server.
        await page.Locator("[data-testid=text-filter]").FillAsync("ord-b-0000");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await page.Locator("[data-testid=text-filter]").FillAsync("");
        await page.Locator("[data-testid=status-filter]").SelectOptionAsync("FAILED");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Broken");
        await page.Locator("[data-testid=status-filter]").SelectOptionAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(31);

        await rejectedRow.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=execution-status]")).ToHaveTextAsync("SUCCEEDED");
        await Assertions.Expect(page.Locator("[data-testid=execution-outcome]")).ToHaveTextAsync("rejected: OutOfStock");
        await Assertions.Expect(page.Locator("tbody[data-testid=history] tr", new PageLocatorOptions { HasText = "ParallelStateExited" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=state-panel]")).ToContainTextAsync("ord-b-00009");

        // The graph: each state coloured by what happened, the catching state selected with its input and output.
        var graph = page.Locator("[data-testid=graph]");
        await Assertions.Expect(graph).ToHaveAttributeAsync("data-drawn", "true");
        await Assertions.Expect(graph.Locator("[data-state=ReserveStock]")).ToHaveAttributeAsync("data-status", "caught");
        await Assertions.Expect(graph.Locator("[data-state=CheckStock]")).ToHaveAttributeAsync("data-status", "failed");
        await Assertions.Expect(graph.Locator("[data-state=Route]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator("[data-state=Reject]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator("[data-state=Confirm]")).ToHaveAttributeAsync("data-status", "notrun");
        await Assertions.Expect(page.Locator("[data-testid=state-name]")).ToHaveTextAsync("ReserveStock");
        await Assertions.Expect(page.Locator("[data-testid=state-status]")).ToHaveTextAsync("caught");
        await Assertions.Expect(page.Locator("[data-testid=state-input]")).ToContainTextAsync("\"orderId\": \"ord-b-00009\"");
        await Assertions.Expect(page.Locator("[data-testid=state-output]")).ToContainTextAsync("\"Error\": \"OutOfStock\"");
        await ScreenshotAsync(page, "execution");

        await graph.Locator("[data-state=CheckStock]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=state-name]")).ToHaveTextAsync("CheckStock");
        await Assertions.Expect(page.Locator("[data-testid=state-error]")).ToHaveTextAsync("OutOfStock");

        Assert.Empty(_pageErrors);
    }

    /// <summary>
    /// With 10,000 executions stored: time to the list's first paint and to its rows, and to a fully drawn
    /// execution graph (navigation to the graph's data-drawn), as the browser measures them; printed with the test's output.
    /// </summary>
    [Fact]
    public async Task Console_TenThousandExecutions_FirstPaintAndDrawnGraphMeasured()
    {
        var machine = await ConsoleRig.CreateMachineAsync(_host, "orders");
        var arns = await ConsoleRig.RunOrdersAsync(_host, machine, 10_000, "m");

        var list = await OpenAsync("/console/");
        await Assertions.Expect(list.Locator("tbody[data-testid=executions] tr[data-arn]")).ToHaveCountAsync(50);
        var listFigures = await list.EvaluateAsync<double[]>(
            "() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1, performance.now()]");
        await Assertions.Expect(list.Locator("[data-testid=page-info]")).ToHaveTextAsync("1–50 of 10,000");

        var execution = await OpenAsync("/console/#/execution/" + Uri.EscapeDataString(arns[9]));
        var graph = execution.Locator("[data-testid=graph]");
        await Assertions.Expect(graph).ToHaveAttributeAsync("data-drawn", "true");
        await Assertions.Expect(graph.Locator("[data-state=ReserveStock]")).ToHaveAttributeAsync("data-status", "caught");
        var graphFigures = await execution.EvaluateAsync<double[]>(
            "() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1, performance.now(), Number(document.querySelector('[data-testid=graph]').dataset.drawMs)]");
        await ScreenshotAsync(execution, "execution-10000");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 executions stored: list first paint {listFigures[0]:F0} ms, 50 rows shown by {listFigures[1]:F0} ms; "
            + $"execution page first paint {graphFigures[0]:F0} ms, graph fully drawn by {graphFigures[1]:F0} ms (layout and drawing {graphFigures[2]:F0} ms)");
        Assert.True(listFigures[0] > 0 && graphFigures[0] > 0, "the browser reported no first paint");
        Assert.Empty(_pageErrors);
    }
}
