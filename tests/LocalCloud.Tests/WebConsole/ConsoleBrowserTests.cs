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
        await ScreenshotAsync(page, "execution");

        Assert.Empty(_pageErrors);
    }
}
