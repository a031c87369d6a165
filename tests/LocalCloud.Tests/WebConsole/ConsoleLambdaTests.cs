using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Tests.Lambda;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// A Task state's Lambda invocations in the console: the request, the response or error and the
/// invocation's own log lines, tied by the request id a <c>lambda:invoke</c> reports, or by the time
/// window of a failed attempt; a Map's iterations opened one by one. The function is the Flaky test
/// function (a JSON string payload: <c>ok</c> answers it back, <c>throw</c> fails).
/// </summary>
public sealed class ConsoleLambdaTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static string Definition(string functionArn) => new JsonObject
    {
        ["StartAt"] = "Call",
        ["States"] = new JsonObject
        {
            ["Call"] = new JsonObject
            {
                ["Type"] = "Task",
                ["Resource"] = "arn:aws:states:::lambda:invoke",
                ["Parameters"] = new JsonObject { ["FunctionName"] = functionArn, ["Payload.$"] = "$.first" },
                ["ResultPath"] = "$.call",
                ["Next"] = "Legacy",
            },
            ["Legacy"] = new JsonObject
            {
                ["Type"] = "Task",
                ["Resource"] = functionArn,
                ["InputPath"] = "$.second",
                ["ResultPath"] = "$.legacy",
                ["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["ResultPath"] = "$.caught", ["Next"] = "Items" }),
                ["Next"] = "Items",
            },
            ["Items"] = new JsonObject
            {
                ["Type"] = "Map",
                ["ItemsPath"] = "$.items",
                ["MaxConcurrency"] = 1,
                ["ItemProcessor"] = new JsonObject
                {
                    ["ProcessorConfig"] = new JsonObject { ["Mode"] = "INLINE" },
                    ["StartAt"] = "Each",
                    ["States"] = new JsonObject
                    {
                        ["Each"] = new JsonObject
                        {
                            ["Type"] = "Task",
                            ["Resource"] = "arn:aws:states:::lambda:invoke",
                            ["Parameters"] = new JsonObject { ["FunctionName"] = functionArn, ["Payload.$"] = "$" },
                            ["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["Next"] = "Skipped" }),
                            ["End"] = true,
                        },
                        ["Skipped"] = new JsonObject { ["Type"] = "Pass", ["End"] = true },
                    },
                },
                ["End"] = true,
            },
        },
    }.ToJsonString();

    private async Task<(LambdaFunction Function, string Execution)> RunAsync(string name)
    {
        var function = await rig.CreateFlakyAsync();
        var machine = await ConsoleRig.CallAsync(rig.Host, "CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["definition"] = Definition(function.Definition.FunctionArn),
            ["roleArn"] = "arn:aws:iam::000000000000:role/sfn",
        });
        var input = new JsonObject { ["first"] = "ok", ["second"] = "throw", ["items"] = new JsonArray("ok", "throw", "ok") };
        var started = await ConsoleRig.CallAsync(rig.Host, "StartExecution", new JsonObject
        {
            ["stateMachineArn"] = (string)machine["stateMachineArn"]!,
            ["name"] = name + "-1",
            ["input"] = input.ToJsonString(),
        });
        var execution = (string)started["executionArn"]!;
        await rig.Host.StepFunctions.WaitForExecutionAsync(execution, CancellationToken.None).WaitAsync(s_timeout);
        return (function, execution);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(rig.Endpoint) };
        var response = await http.GetAsync(path).WaitAsync(s_timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> CallsAsync(string execution, JsonElement detail, string state, int run = 0)
    {
        var entered = detail.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("state").GetString() == state).ElementAt(run).GetProperty("enteredEventId").GetInt64();
        var answer = await GetAsync($"/console/api/invocations?arn={Uri.EscapeDataString(execution)}&entered={entered}");
        Assert.Equal(state, answer.GetProperty("state").GetString());
        return answer.GetProperty("calls");
    }

    private static List<string> Logs(JsonElement call) => call.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();

    [Fact]
    public async Task Invocations_LambdaTasks_RequestResponseAndLogLinesOfTheirOwnInvocation()
    {
        var (function, execution) = await RunAsync("lambda-api");
        var detail = await GetAsync("/console/api/execution?arn=" + Uri.EscapeDataString(execution));
        var records = function.Records();
        Assert.Equal(5, records.Count);

        // lambda:invoke that succeeded: the request id its output reports.
        var call = Assert.Single((await CallsAsync(execution, detail, "Call")).EnumerateArray());
        Assert.Equal("succeeded", call.GetProperty("status").GetString());
        Assert.Equal("request id", call.GetProperty("tie").GetString());
        var requestId = call.GetProperty("requestId").GetString()!;
        Assert.Equal(records[0].RequestId, requestId);
        Assert.Equal("ok", call.GetProperty("request").GetString());
        Assert.Equal("ok", call.GetProperty("response").GetString());
        Assert.Equal(function.Definition.FunctionArn, call.GetProperty("function").GetString());
        Assert.True(call.GetProperty("coldStart").GetBoolean());
        Assert.Equal("/aws/lambda/" + function.Definition.FunctionName, call.GetProperty("logGroup").GetString());
        var lines = Logs(call);
        Assert.Equal($"START RequestId: {requestId} Version: $LATEST", lines[0]);
        Assert.Contains("FLAKY direct ok", lines);
        Assert.StartsWith($"REPORT RequestId: {requestId}", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("throw", StringComparison.Ordinal));

        // The function's ARN as the resource, failing: no request id in the history; the one failed invocation of its window.
        var legacy = Assert.Single((await CallsAsync(execution, detail, "Legacy")).EnumerateArray());
        Assert.Equal("failed", legacy.GetProperty("status").GetString());
        Assert.Equal("time window", legacy.GetProperty("tie").GetString());
        Assert.Equal(records[1].RequestId, legacy.GetProperty("requestId").GetString());
        Assert.NotNull(records[1].ErrorType);
        Assert.Equal("throw", legacy.GetProperty("request").GetString());
        Assert.Contains("FLAKY direct throw", Logs(legacy));
        Assert.DoesNotContain("FLAKY direct ok", Logs(legacy));
        Assert.False(legacy.GetProperty("coldStart").GetBoolean());

        // A Map iteration's failed lambda:invoke, tied by time among the iterations' invocations.
        var failedEach = Assert.Single((await CallsAsync(execution, detail, "Each", run: 1)).EnumerateArray());
        Assert.Equal("failed", failedEach.GetProperty("status").GetString());
        Assert.Equal("time window", failedEach.GetProperty("tie").GetString());
        Assert.Equal(records[3].RequestId, failedEach.GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrEmpty(failedEach.GetProperty("error").GetString()));

        // A state that calls no function has no invocations; a wrong event id is refused.
        var skipped = await CallsAsync(execution, detail, "Skipped");
        Assert.Equal(0, skipped.GetArrayLength());
        using var http = new HttpClient { BaseAddress = new Uri(rig.Endpoint) };
        var bad = await http.GetAsync($"/console/api/invocations?arn={Uri.EscapeDataString(execution)}&entered=1");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Event 1 of that execution is not a state's StateEntered event.", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Browser_LambdaTaskAndMapIterations_OpenOneByOne()
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"Install chromium: `apt-get install -y chromium` ({ConsoleBrowserTests.Chromium}).");
        var (_, execution) = await RunAsync("lambda-ui");
        Directory.CreateDirectory(ConsoleBrowserTests.ScreenshotDirectory);
        var errors = new List<string>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ConsoleBrowserTests.Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1200 } });
        page.SetDefaultTimeout((float)s_timeout.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(rig.Endpoint + "/console/#/execution/" + Uri.EscapeDataString(execution));

        var graph = page.Locator("[data-testid=graph]");
        await Assertions.Expect(graph).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = (float)s_timeout.TotalMilliseconds });
        await graph.Locator("[data-state=Call]").ClickAsync();
        var call = page.Locator("[data-testid=lambda-call]");
        await Assertions.Expect(call.Locator("[data-testid=call-tie]")).ToHaveTextAsync("(request id)");
        await Assertions.Expect(call.Locator("[data-testid=call-response]")).ToHaveTextAsync("\"ok\"");
        await Assertions.Expect(call.Locator("[data-testid=call-logs]")).ToContainTextAsync("FLAKY direct ok");

        // The Map: counts per iteration status, the first iteration that did not succeed opened, then its state's invocation.
        await graph.Locator("[data-state=Items] > .node").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=iteration-counts]")).ToHaveTextAsync("2 succeeded, 1 caught");
        await Assertions.Expect(page.Locator("[data-testid=iteration-picker]")).ToHaveValueAsync("1");
        var states = page.Locator("[data-testid=iteration-states] li");
        await Assertions.Expect(states).ToHaveCountAsync(2);
        await states.First.Locator("button").ClickAsync();
        var iterationCall = page.Locator("[data-testid=iterations] [data-testid=lambda-call]");
        await Assertions.Expect(iterationCall.Locator("[data-testid=call-status]")).ToHaveTextAsync("failed");
        await Assertions.Expect(iterationCall.Locator("[data-testid=call-logs]")).ToContainTextAsync("FLAKY direct throw");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowserTests.ScreenshotDirectory, "console-lambda.png"), FullPage = true });

        await page.Locator("[data-testid=iteration-picker]").SelectOptionAsync("2");
        await Assertions.Expect(states).ToHaveCountAsync(1);
        await Assertions.Expect(states.First).ToContainTextAsync("Each — succeeded");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Functions_Invoked_CountsPercentilesAndTheLogFollowedByCursor()
    {
        var function = await rig.CreateFlakyAsync();
        var name = function.Definition.FunctionName;
        foreach (var command in new[] { "a|ok", "b|ok", "c|throw", "d|sleep:30" })
        {
            await rig.InvokeAsync(function, command);
        }

        var listed = (await GetAsync("/console/api/functions")).GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
        Assert.Equal(4, listed.GetProperty("invocations").GetInt64());
        Assert.Equal(1, listed.GetProperty("coldStarts").GetInt64());
        Assert.Equal(1, listed.GetProperty("errors").GetInt64());
        Assert.Equal(4, listed.GetProperty("recorded").GetInt32());
        Assert.Equal("/aws/lambda/" + name, listed.GetProperty("logGroup").GetString());
        var durations = function.Records().Select(r => Math.Round(r.DurationMs, 2)).Order().ToList();
        Assert.Equal(durations[1], listed.GetProperty("p50").GetDouble());
        Assert.Equal(durations[3], listed.GetProperty("p90").GetDouble());
        Assert.Equal(durations[3], listed.GetProperty("p99").GetDouble());
        Assert.True(listed.GetProperty("p99").GetDouble() >= 30, "the sleeping invocation is the slowest");
        Assert.True(listed.GetProperty("initP50").GetDouble() > 0);

        // The tail, then only what is new after its cursor.
        var tail = await GetAsync("/console/api/function-log?name=" + name);
        var lines = tail.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ToList();
        Assert.Contains("FLAKY direct a|ok", lines);
        Assert.Contains("FLAKY direct d|sleep:30", lines);
        var last = tail.GetProperty("last").GetInt64();
        Assert.Equal(0, (await GetAsync($"/console/api/function-log?name={name}&after={last}")).GetProperty("lines").GetArrayLength());
        var (_, record) = await rig.InvokeAsync(function, "e|ok");
        var next = await GetAsync($"/console/api/function-log?name={name}&after={last}");
        var fresh = next.GetProperty("lines").EnumerateArray().ToList();
        Assert.All(fresh, l => Assert.Equal(record.RequestId, l.GetProperty("requestId").GetString()));
        Assert.Equal($"START RequestId: {record.RequestId} Version: $LATEST", fresh[0].GetProperty("text").GetString());
        Assert.Contains(fresh, l => l.GetProperty("text").GetString() == "FLAKY direct e|ok");
        Assert.True(next.GetProperty("last").GetInt64() > last);

        using var http = new HttpClient { BaseAddress = new Uri(rig.Endpoint) };
        var missing = await http.GetAsync("/console/api/function-log?name=no-such-function");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ResourceNotFoundException", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("__type").GetString());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync("/console/api/function-log")).StatusCode);
    }

    [Fact]
    public async Task Browser_FunctionsPage_CountsAndLiveLog()
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"Install chromium: `apt-get install -y chromium` ({ConsoleBrowserTests.Chromium}).");
        Directory.CreateDirectory(ConsoleBrowserTests.ScreenshotDirectory);
        var function = await rig.CreateFlakyAsync();
        var name = function.Definition.FunctionName;
        await rig.InvokeAsync(function, "first|ok");
        await rig.InvokeAsync(function, "second|throw");
        var errors = new List<string>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ConsoleBrowserTests.Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout((float)s_timeout.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(rig.Endpoint + "/console/");
        await page.Locator("[data-testid=nav-functions]").ClickAsync();

        var row = page.Locator($"tr[data-function='{name}']");
        var wait = new LocatorAssertionsToHaveTextOptions { Timeout = (float)s_timeout.TotalMilliseconds };
        await Assertions.Expect(row.Locator("[data-testid=invocations]")).ToHaveTextAsync("2", wait);
        await Assertions.Expect(row.Locator("[data-testid=cold-starts]")).ToHaveTextAsync("1", wait);
        await Assertions.Expect(row.Locator("[data-testid=errors]")).ToHaveTextAsync("1", wait);
        await row.Locator("a").ClickAsync();
        var log = page.Locator("[data-testid=function-log]");
        await Assertions.Expect(log).ToContainTextAsync("FLAKY direct second|throw", new() { Timeout = (float)s_timeout.TotalMilliseconds });

        // Live: an invocation made while the page is open shows in the log and the counts.
        await rig.InvokeAsync(function, "live|ok");
        await Assertions.Expect(log).ToContainTextAsync("FLAKY direct live|ok", new() { Timeout = (float)s_timeout.TotalMilliseconds });
        await Assertions.Expect(row.Locator("[data-testid=invocations]")).ToHaveTextAsync("3", wait);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowserTests.ScreenshotDirectory, "console-functions.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
