using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// GET / (the health document, JSON or HTML), the console's files under /console/ and its JSON API:
/// executions of every state machine, newest first, paged and filtered on the server, with each
/// order's id, outcome and failed state read as <c>sluice watch</c> reads them.
/// </summary>
public sealed class ConsoleApiTests : IAsyncLifetime
{
    private const int Orders = 120;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;
    private string _machine = null!;
    private List<string> _executions = null!;

    public async ValueTask InitializeAsync()
    {
        _host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await _host.StartAsync().WaitAsync(s_timeout);
        _http = new HttpClient { BaseAddress = new Uri(_host.Endpoint) };
        _machine = await ConsoleRig.CreateMachineAsync(_host, "orders");
        _executions = await ConsoleRig.RunOrdersAsync(_host, _machine, Orders, "o");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private static bool Fails(int i) => i % 25 == 24;

    private static bool Rejects(int i) => !Fails(i) && i % 10 == 9;

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? accept = null, Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        change?.Invoke(request);
        var response = await _http.SendAsync(request).WaitAsync(s_timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(s_timeout), response);
    }

    private async Task<JsonElement> PageAsync(string query)
    {
        var (status, body, _) = await GetAsync("/console/api/executions?" + query);
        Assert.True(status == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Root_AskedForJson_HealthWithServicesRegionAccountAndTheConsole()
    {
        var (status, body, response) = await GetAsync("/", "application/json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("running", root.GetProperty("status").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        Assert.Equal("000000000000", root.GetProperty("account").GetString());
        Assert.Equal("/console/", root.GetProperty("console").GetString());
        var services = root.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "states", "sqs", "sns", "kinesis", "lambda", "s3", "logs", "cloudformation" }, services.ToHashSet());
    }

    [Fact]
    public async Task Root_NoAccept_Json()
    {
        var (status, body, _) = await GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/console/", JsonDocument.Parse(body).RootElement.GetProperty("console").GetString());
    }

    [Fact]
    public async Task Root_Browser_HtmlLinkingTheConsole()
    {
        var (status, body, response) = await GetAsync("/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<a href=\"/console/\">", body, StringComparison.Ordinal);
        Assert.Contains("us-east-1", body, StringComparison.Ordinal);
        Assert.Contains("<li>states</li>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_TheEmbeddedFiles_ServedWithAPolicyThatLoadsNothingFromElsewhere()
    {
        var (status, body, response) = await GetAsync("/console/", "text/html");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<script src=\"console.js\"></script>", body, StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        var (scriptStatus, script, scriptResponse) = await GetAsync("/console/console.js");
        Assert.Equal(HttpStatusCode.OK, scriptStatus);
        Assert.Equal("text/javascript", scriptResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/console/api/", script, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", script, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", script, StringComparison.Ordinal);

        var (cssStatus, _, _) = await GetAsync("/console/console.css");
        Assert.Equal(HttpStatusCode.OK, cssStatus);

        var (missing, missingBody, _) = await GetAsync("/console/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("nothing.js", missingBody, StringComparison.Ordinal);

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.Endpoint) };
        using var bare = await noRedirect.GetAsync(new Uri("/console", UriKind.Relative)).WaitAsync(s_timeout);
        Assert.Equal(HttpStatusCode.Found, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Api_AnotherSitesPage_RefusedByTheFrontDoor()
    {
        var (status, body, _) = await GetAsync("/console/api/executions", "application/json", r => r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("AccessDeniedException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_Post_NotTheConsoles()
    {
        using var content = new StringContent("{}", new MediaTypeHeaderValue("application/json"));
        using var response = await _http.PostAsync(new Uri("/console/api/executions", UriKind.Relative), content).WaitAsync(s_timeout);
        var body = await response.Content.ReadAsStringAsync();

        // Not taken by the console: the router answers it as a request naming no operation.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UnknownOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executions_Pages_EveryExecutionOnceNewestFirst()
    {
        var seen = new List<string>();
        var starts = new List<long>();
        var pages = 0;
        for (var offset = 0; ; offset += 50)
        {
            var page = await PageAsync($"limit=50&offset={offset}");
            Assert.Equal(Orders, page.GetProperty("total").GetInt32());
            Assert.Equal(Orders, page.GetProperty("matched").GetInt32());
            var rows = page.GetProperty("executions").EnumerateArray().ToList();
            if (rows.Count == 0)
            {
                break;
            }

            pages++;
            Assert.True(rows.Count <= 50);
            seen.AddRange(rows.Select(r => r.GetProperty("executionArn").GetString()!));
            starts.AddRange(rows.Select(r => r.GetProperty("startDate").GetInt64()));
        }

        Assert.Equal(3, pages);
        Assert.Equal(_executions.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(starts.OrderDescending(), starts);
        // Started one after another: the newest is the last one started.
        Assert.Equal(_executions[^1], seen[0]);
    }

    [Fact]
    public async Task Executions_Columns_OrderIdOutcomeFailedStateDuration()
    {
        var page = await PageAsync("limit=500");
        var rows = page.GetProperty("executions").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(Orders, rows.Count);

        var confirmed = rows["o-00000"];
        Assert.Equal("ord-o-00000", confirmed.GetProperty("orderId").GetString());
        Assert.Equal("SUCCEEDED", confirmed.GetProperty("status").GetString());
        Assert.Equal("confirmed", confirmed.GetProperty("outcome").GetString());
        Assert.False(confirmed.TryGetProperty("failedState", out _));
        Assert.True(confirmed.GetProperty("durationSeconds").GetDouble() >= 0);
        Assert.True(confirmed.GetProperty("stopDate").GetInt64() >= confirmed.GetProperty("startDate").GetInt64());

        var rejected = rows["o-00009"];
        Assert.Equal("SUCCEEDED", rejected.GetProperty("status").GetString());
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.Equal("OutOfStock", rejected.GetProperty("error").GetString());
        Assert.Equal("SKU OOS-1 is out of stock", rejected.GetProperty("cause").GetString());
        Assert.Equal("CheckStock", rejected.GetProperty("failedState").GetString());
        Assert.Equal("ReserveStock", rejected.GetProperty("catchingState").GetString());

        var failed = rows["o-00024"];
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Equal("failed", failed.GetProperty("outcome").GetString());
        Assert.Equal("Kaboom", failed.GetProperty("error").GetString());
        Assert.Equal("Broken", failed.GetProperty("failedState").GetString());
        Assert.False(failed.TryGetProperty("catchingState", out _));

        var counts = page.GetProperty("counts");
        Assert.Equal(Enumerable.Range(0, Orders).Count(Fails), counts.GetProperty("FAILED").GetInt32());
        Assert.Equal(Enumerable.Range(0, Orders).Count(i => !Fails(i)), counts.GetProperty("SUCCEEDED").GetInt32());
    }

    [Theory]
    [InlineData("status=FAILED", "failed")]
    [InlineData("outcome=rejected", "rejected")]
    [InlineData("outcome=confirmed", "confirmed")]
    [InlineData("status=SUCCEEDED&outcome=rejected", "rejected")]
    public async Task Executions_StatusOrOutcomeFilter_OnlyThose(string query, string kind)
    {
        var expected = Enumerable.Range(0, Orders)
            .Where(i => kind switch { "failed" => Fails(i), "rejected" => Rejects(i), _ => !Fails(i) && !Rejects(i) })
            .Select(i => $"o-{i:D5}")
            .ToHashSet();

        var page = await PageAsync(query + "&limit=20");

        Assert.Equal(expected.Count, page.GetProperty("matched").GetInt32());
        var names = page.GetProperty("executions").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        Assert.Equal(Math.Min(20, expected.Count), names.Count);
        Assert.Subset(expected, names.ToHashSet());
        Assert.Equal(Orders, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("-0011")]
    [InlineData("ORD-O-0011")]
    public async Task Executions_TextFilter_OrderIdOrNameIgnoringCase(string text)
    {
        var page = await PageAsync("q=" + Uri.EscapeDataString(text));

        var names = page.GetProperty("executions").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(110, 10).Select(i => $"o-{i:D5}"), names);
        Assert.Equal(10, page.GetProperty("matched").GetInt32());
    }

    [Fact]
    public async Task Executions_Since_UnchangedUntilAnExecutionStartsOrEnds()
    {
        var first = await PageAsync("limit=5");
        var cursor = first.GetProperty("cursor").GetString()!;

        var again = await PageAsync("limit=5&since=" + cursor);
        Assert.True(again.GetProperty("unchanged").GetBoolean());
        Assert.False(again.TryGetProperty("executions", out _));

        var arn = await ConsoleRig.StartAsync(_host, _machine, "late", "ord-late", "confirm");
        await _host.StepFunctions.WaitForExecutionAsync(arn, CancellationToken.None).WaitAsync(s_timeout);
        var changed = await PageAsync("limit=5&since=" + cursor);
        Assert.False(changed.TryGetProperty("unchanged", out _));
        Assert.NotEqual(cursor, changed.GetProperty("cursor").GetString());
        Assert.Equal("late", changed.GetProperty("executions")[0].GetProperty("name").GetString());
        Assert.Equal("SUCCEEDED", changed.GetProperty("executions")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Executions_StartTimeFromTo_OnlyThoseStartedInTheRange()
    {
        var all = (await PageAsync("limit=500")).GetProperty("executions").EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Start: e.GetProperty("startDate").GetInt64())).ToList();
        var starts = all.Select(e => e.Start).Distinct().Order().ToList();
        var from = starts[starts.Count / 4];
        var to = starts[starts.Count * 3 / 4];
        var expected = all.Where(e => e.Start >= from && e.Start < to).Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);

        var page = await PageAsync($"limit=500&from={from}&to={to}");
        Assert.Equal(expected, page.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, page.GetProperty("matched").GetInt32());
        Assert.Equal(all.Count, page.GetProperty("total").GetInt32());

        // Open-ended: from alone, to alone; combined with another filter.
        Assert.Equal(all.Count(e => e.Start >= from), (await PageAsync($"limit=500&from={from}")).GetProperty("matched").GetInt32());
        Assert.Equal(all.Count(e => e.Start < to), (await PageAsync($"limit=500&to={to}")).GetProperty("matched").GetInt32());
        var failed = await PageAsync($"limit=500&from={from}&to={to}&status=FAILED");
        Assert.All(failed.GetProperty("executions").EnumerateArray(), e => Assert.Equal("FAILED", e.GetProperty("status").GetString()));
        Assert.Equal(0, (await PageAsync($"from={to}&to={to}")).GetProperty("matched").GetInt32());
    }

    [Theory]
    [InlineData("status=DONE")]
    [InlineData("outcome=maybe")]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("offset=-1")]
    [InlineData("limit=abc")]
    [InlineData("from=yesterday")]
    [InlineData("from=-5")]
    [InlineData("from=2000&to=1000")]
    public async Task Executions_BadQuery_400ValidationException(string query)
    {
        var (status, body, _) = await GetAsync("/console/api/executions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Execution_Rejected_StepsColouredFromTheHistoryWithInputAndOutput()
    {
        var arn = _executions[9];
        var (status, body, _) = await GetAsync("/console/api/execution?arn=" + Uri.EscapeDataString(arn));

        Assert.True(status == HttpStatusCode.OK, body);
        var root = JsonDocument.Parse(body).RootElement;
        var execution = root.GetProperty("execution");
        Assert.Equal("rejected", execution.GetProperty("outcome").GetString());
        Assert.Equal("ord-o-00009", execution.GetProperty("orderId").GetString());
        Assert.Equal("ReserveStock", execution.GetProperty("catchingState").GetString());
        Assert.Equal("orders", root.GetProperty("stateMachineName").GetString());
        Assert.Contains("\"ReserveStock\"", root.GetProperty("definition").GetString(), StringComparison.Ordinal);

        var steps = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("state").GetString()!);
        Assert.Equal("succeeded", steps["Route"].GetProperty("status").GetString());
        Assert.Equal("caught", steps["ReserveStock"].GetProperty("status").GetString());
        Assert.Equal("failed", steps["CheckStock"].GetProperty("status").GetString());
        Assert.Equal("OutOfStock", steps["CheckStock"].GetProperty("error").GetString());
        Assert.Equal("succeeded", steps["Reject"].GetProperty("status").GetString());
        Assert.False(steps.ContainsKey("Confirm"));

        var events = root.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetInt64());
        var reserve = steps["ReserveStock"];
        var entered = events[reserve.GetProperty("enteredEventId").GetInt64()];
        Assert.Equal("ParallelStateEntered", entered.GetProperty("type").GetString());
        Assert.Contains("ord-o-00009", entered.GetProperty("stateEnteredEventDetails").GetProperty("input").GetString(), StringComparison.Ordinal);
        var exited = events[reserve.GetProperty("exitedEventId").GetInt64()];
        Assert.Equal("ParallelStateExited", exited.GetProperty("type").GetString());
        Assert.Contains("OutOfStock", exited.GetProperty("stateExitedEventDetails").GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal("ReserveStock", exited.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Execution_Unknown_TheServicesError()
    {
        var (status, body, _) = await GetAsync("/console/api/execution?arn=" + Uri.EscapeDataString("arn:aws:states:us-east-1:000000000000:execution:orders:nope"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ExecutionDoesNotExist", JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString());
    }
}
