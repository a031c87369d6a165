using System.Net;
using System.Text.Json;
using Sluice.Cli.Tests.Support;
using Sluice.LocalCloud.Hosting;

namespace Sluice.Cli.Tests.ConsoleServer;

/// <summary>
/// <c>sluice console</c>'s functions page against another endpoint (the local cloud in process, with
/// its Lambda running the Flaky test function as its AOT bootstrap): the functions from Lambda's
/// ListFunctions, invocations, errors and duration percentiles from CloudWatch's metrics, cold starts
/// from the REPORT lines in CloudWatch Logs, and a function's log followed with a cursor, all through
/// signed calls; the counts agree with the local cloud's own console, which reads its Lambda in process.
/// </summary>
public sealed class ConsoleFunctionsTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    /// <summary>A stack with one Flaky function (a JSON string payload: <c>ok</c> answers, <c>throw</c> fails), deployed as <c>sluice up</c> deploys.</summary>
    private async Task<string> DeployFlakyAsync()
    {
        var name = "flaky-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("sluice-console-functions-").FullName;
        var template = Path.Combine(folder, "template.yaml");
        await File.WriteAllTextAsync(template, $"""
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Flaky:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: {name}
                  CodeUri: {Path.Combine(RepositoryRoot.Directory, "tests", "TestFunctions", "Flaky")}
                  Runtime: provided.al2023
                  Handler: bootstrap
                  MemorySize: 256
                  Timeout: 5
            """);
        var deployed = await cloud.Host.DeployStackAsync(new StackDeploymentRequest(template) { StackName = name }).WaitAsync(TimeSpan.FromMinutes(15));
        Assert.Null(deployed.Error);
        return name;
    }

    /// <summary>Invoke through Lambda's API; the function's error type, or null when it answered. The first call waits for the native publish.</summary>
    private async Task<string?> InvokeAsync(string name, string command)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(15) };
        using var response = await http.PostAsync(new Uri(new Uri(cloud.Endpoint), $"/2015-03-31/functions/{name}/invocations"), new StringContent($"\"{command}\""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("X-Amz-Function-Error", out var error) ? error.Single() : null;
    }

    /// <summary>The function's lines as the local cloud's own console reads them (its Lambda, in process).</summary>
    private async Task<List<string>> LocalLogAsync(string name)
    {
        var log = await GetAsync(new Uri(new Uri(cloud.Endpoint), $"/console/api/function-log?name={name}&after=0"));
        Assert.False(log.GetProperty("more").GetBoolean());
        return log.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();
    }

    private static async Task<JsonElement> GetAsync(Uri url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url).WaitAsync(s_wait);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Row(JsonElement answer, string name) =>
        Assert.Single(answer.GetProperty("functions").EnumerateArray(), f => f.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Functions_AnotherEndpoint_CountsFromMetricsAndLogsAgreeWithTheLocalConsole_AndTheLogIsFollowed()
    {
        var name = await DeployFlakyAsync();
        Assert.Null(await InvokeAsync(name, "ok"));
        Assert.Null(await InvokeAsync(name, "ok"));
        Assert.NotNull(await InvokeAsync(name, "throw"));
        Assert.Null(await InvokeAsync(name, "ok"));

        await using var console = await RunningConsole.StartAsync(cloud.Endpoint);
        var local = await GetAsync(new Uri(new Uri(cloud.Endpoint), "/console/api/functions"));
        // Lambda hands its lines to CloudWatch Logs on its own time; the page is read again every 10 s.
        var remote = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            remote = await GetAsync(new Uri(console.Url, "api/functions"));
            return Row(remote, name).GetProperty("coldStarts").GetInt64() == Row(local, name).GetProperty("coldStarts").GetInt64();
        }, () => $"cold starts never agreed: {remote}", s_wait);
        Assert.Equal(3600, remote.GetProperty("windowSeconds").GetInt32());
        Assert.False(local.TryGetProperty("windowSeconds", out _));

        var row = Row(remote, name);
        var own = Row(local, name);
        Assert.Equal(4, row.GetProperty("invocations").GetInt64());
        Assert.Equal(1, row.GetProperty("errors").GetInt64());
        Assert.Equal(own.GetProperty("invocations").GetInt64(), row.GetProperty("invocations").GetInt64());
        Assert.Equal(own.GetProperty("errors").GetInt64(), row.GetProperty("errors").GetInt64());
        Assert.Equal(own.GetProperty("coldStarts").GetInt64(), row.GetProperty("coldStarts").GetInt64());
        Assert.InRange(row.GetProperty("coldStarts").GetInt64(), 1, 2);
        Assert.Equal("provided.al2023", row.GetProperty("runtime").GetString());
        Assert.Equal(256, row.GetProperty("memorySize").GetInt32());
        Assert.Equal("/aws/lambda/" + name, row.GetProperty("logGroup").GetString());
        var p50 = row.GetProperty("p50").GetDouble();
        Assert.True(p50 > 0, $"p50 {p50}");
        Assert.True(row.GetProperty("p99").GetDouble() >= p50);
        Assert.True(row.GetProperty("initP50").GetDouble() > 0);

        // The log: the tail, then only what came after the cursor, each line once.
        var tail = default(JsonElement);
        var lines = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            tail = await GetAsync(new Uri(console.Url, $"api/function-log?name={name}"));
            lines = tail.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();
            return lines.Count == (await LocalLogAsync(name)).Count;
        }, () => $"the log never held every line: {string.Join(" | ", lines)}", s_wait);
        Assert.Equal(4, lines.Count(l => l.StartsWith("REPORT RequestId: ", StringComparison.Ordinal)));
        Assert.Equal(await LocalLogAsync(name), lines);
        var requestIds = tail.GetProperty("lines").EnumerateArray().Where(l => l.TryGetProperty("requestId", out _)).Select(l => l.GetProperty("requestId").GetString()).Distinct().Count();
        Assert.Equal(4, requestIds);
        var last = tail.GetProperty("last").GetInt64();

        var unchanged = await GetAsync(new Uri(console.Url, $"api/function-log?name={name}&after={last}"));
        Assert.Empty(unchanged.GetProperty("lines").EnumerateArray());
        Assert.Equal(last, unchanged.GetProperty("last").GetInt64());

        var before = (await LocalLogAsync(name)).Count;
        Assert.Null(await InvokeAsync(name, "ok"));
        var expected = (await LocalLogAsync(name)).Skip(before).ToList();
        var next = default(JsonElement);
        var seen = new List<string>();
        var after = last;
        await Poll.UntilAsync(async () =>
        {
            next = await GetAsync(new Uri(console.Url, $"api/function-log?name={name}&after={after}"));
            seen.AddRange(next.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!));
            after = next.GetProperty("last").GetInt64();
            return seen.Count >= expected.Count;
        }, () => $"the new lines never came: {string.Join(" | ", seen)}", s_wait);
        Assert.Equal(expected, seen);
        Assert.True(after > last);

        using (var http = new HttpClient())
        using (var missing = await http.GetAsync(new Uri(console.Url, "api/function-log?name=no-such-function")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("ResourceNotFoundException", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("__type").GetString());
        }

        // Lambda, CloudWatch and CloudWatch Logs were each read, every call signed with the user's key.
        var signed = console.Requests;
        Assert.Contains(signed, r => r.Uri.AbsolutePath == "/2015-03-31/functions/");
        Assert.Contains(signed, r => r.Authorization.Contains("/us-east-1/monitoring/aws4_request", StringComparison.Ordinal));
        Assert.Contains(signed, r => r.Target == "Logs_20140328.FilterLogEvents");
        Assert.All(signed, r => Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={RunningConsole.AccessKey}/", r.Authorization, StringComparison.Ordinal));

        var (exitCode, text) = await console.StopAsync();
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(RunningConsole.SecretKey, text, StringComparison.Ordinal);
    }
}
