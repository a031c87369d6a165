using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.ConsoleServer;

/// <summary>
/// <c>sluice console</c> against an endpoint that is not its own (the local cloud in process, reached
/// as any endpoint is: signed HTTP): the same pages and API, the list and an execution read through
/// the signed Step Functions client with the user's credentials, which never reach the browser; only
/// loopback Host names and GET are served.
/// </summary>
public sealed class ConsoleCommandTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Definition = """
        {"StartAt":"Decide","States":{
          "Decide":{"Type":"Choice","Choices":[{"Variable":"$.kind","StringEquals":"fail","Next":"Broken"}],"Default":"Done"},
          "Done":{"Type":"Succeed"},
          "Broken":{"Type":"Fail","Error":"Broken","Cause":"the order could not be handled"}}}
        """;

    [Fact]
    public async Task Console_AnotherEndpoint_ServesTheListAndAnExecutionThroughSignedCalls()
    {
        var sfn = new StepFunctionsClient(AwsTestClients.Options(cloud.Endpoint), new HttpClient());
        var machineName = $"console-remote-{Guid.NewGuid():N}"[..30];
        using var machine = JsonDocument.Parse(await sfn.SendAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = machineName,
            ["definition"] = Definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/sfn",
        }.ToJsonString()));
        var machineArn = machine.RootElement.GetProperty("stateMachineArn").GetString()!;
        var arns = new List<string>();
        foreach (var (name, kind) in new[] { ("remote-ok", "ok"), ("remote-fail", "fail") })
        {
            var input = $$"""{"subject":"ord-{{name}}","kind":"{{kind}}"}""";
            var started = await sfn.StartExecutionAsync(machineArn, name, input, TestContext.Current.CancellationToken);
            arns.Add(started.ExecutionArn);
        }

        await Poll.UntilAsync(async () =>
        {
            foreach (var arn in arns)
            {
                if ((await sfn.DescribeExecutionAsync(arn)).Status == "RUNNING")
                {
                    return false;
                }
            }

            return true;
        }, () => "executions still running", TimeSpan.FromSeconds(30));

        await using var console = await RunningConsole.StartAsync(cloud.Endpoint);
        var url = console.Url;
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal("/console/", url.AbsolutePath);

        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(url);
        Assert.Contains("console.js", page, StringComparison.Ordinal);

        using (var list = JsonDocument.Parse(await browser.GetStringAsync(new Uri(url, $"api/executions?q={Uri.EscapeDataString("remote-")}"))))
        {
            var rows = list.RootElement.GetProperty("executions").EnumerateArray().Where(r => r.GetProperty("stateMachineName").GetString() == machineName).ToList();
            Assert.Equal(["remote-fail", "remote-ok"], rows.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
            var failed = rows.Single(r => r.GetProperty("name").GetString() == "remote-fail");
            Assert.Equal("FAILED", failed.GetProperty("status").GetString());
            Assert.Equal("failed", failed.GetProperty("outcome").GetString());
            Assert.Equal("Broken", failed.GetProperty("failedState").GetString());
            Assert.Equal("ord-remote-fail", failed.GetProperty("orderId").GetString());

            // Polled again with its cursor and nothing changed: unchanged.
            var cursor = list.RootElement.GetProperty("cursor").GetString();
            using var again = JsonDocument.Parse(await browser.GetStringAsync(new Uri(url, $"api/executions?since={cursor}")));
            Assert.True(again.RootElement.GetProperty("unchanged").GetBoolean());
        }

        using (var byOrder = JsonDocument.Parse(await browser.GetStringAsync(new Uri(url, "api/executions?outcome=failed&q=ord-remote-fail"))))
        {
            Assert.Equal("remote-fail", Assert.Single(byOrder.RootElement.GetProperty("executions").EnumerateArray()).GetProperty("name").GetString());
        }

        using (var detail = JsonDocument.Parse(await browser.GetStringAsync(new Uri(url, $"api/execution?arn={Uri.EscapeDataString(arns[1])}"))))
        {
            Assert.Equal(machineName, detail.RootElement.GetProperty("stateMachineName").GetString());
            Assert.Contains("\"Broken\"", detail.RootElement.GetProperty("definition").GetString(), StringComparison.Ordinal);
            Assert.True(detail.RootElement.GetProperty("historyHeld").GetBoolean());
            Assert.Equal("ExecutionFailed", detail.RootElement.GetProperty("events").EnumerateArray().Last().GetProperty("type").GetString());
        }

        using (var missing = await browser.GetAsync(new Uri(url, $"api/execution?arn={Uri.EscapeDataString(arns[1] + "-nope")}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("ExecutionDoesNotExist", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("__type").GetString());
        }

        // What only the local cloud's own console holds is refused by name, not faked.
        using (var order = await browser.GetAsync(new Uri(url, "api/order?id=ord-remote-ok")))
        {
            Assert.Equal(HttpStatusCode.NotImplemented, order.StatusCode);
        }

        // Only GET and HEAD, and only under a loopback Host name (no DNS rebinding).
        using (var post = await browser.PostAsync(new Uri(url, "api/executions"), new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        using (var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/executions")))
        {
            rebound.Headers.Host = "attacker.example";
            using var refused = await browser.SendAsync(rebound);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Every call the console made went to the endpoint signed with the user's key; the page's own requests carried none.
        Assert.NotEmpty(console.Requests);
        Assert.All(console.Requests, r =>
        {
            Assert.Equal(new Uri(cloud.Endpoint).Port, r.Uri.Port);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDCONSOLETEST/", r.Authorization, StringComparison.Ordinal);
            Assert.StartsWith("AWSStepFunctions.", r.Target, StringComparison.Ordinal);
        });

        var (exitCode, text) = await console.StopAsync();
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(RunningConsole.SecretKey, text, StringComparison.Ordinal);
    }
}
