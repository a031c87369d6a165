using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>
/// The front door: a foreign Host header (DNS rebinding) and a browser request from an origin that is
/// not allowed are refused with 403 before any service acts; clients without those headers are served.
/// </summary>
public sealed class FrontDoorTests : IAsyncLifetime
{
    private const string AllowedOrigin = "http://localhost:3000";
    private const string Sfn = "application/x-amz-json-1.0";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, CorsOrigins = [AllowedOrigin] });
        await _host.StartAsync().WaitAsync(s_timeout);
        _http = new HttpClient { BaseAddress = new Uri(_host.Endpoint) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        string target, string body, string? host = null, string? origin = null, string? fetchSite = null, string contentType = Sfn)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        var response = await _http.SendAsync(request).WaitAsync(s_timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(s_timeout), response);
    }

    private static void AssertRefused((HttpStatusCode Status, string Body, HttpResponseMessage Response) answer)
    {
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.True(answer.Response.Headers.Contains("x-amzn-RequestId"));
        using var doc = JsonDocument.Parse(answer.Body);
        Assert.Equal("AccessDeniedException", doc.RootElement.GetProperty("__type").GetString());
        Assert.False(answer.Response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<string> MachineAsync(string name)
    {
        var created = await SendAsync("AWSStepFunctions.CreateStateMachine",
            $$$$"""{"name":"{{{{name}}}}","roleArn":"arn:aws:iam::000000000000:role/r","definition":"{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return JsonDocument.Parse(created.Body).RootElement.GetProperty("stateMachineArn").GetString()!;
    }

    private async Task<int> ExecutionCountAsync(string machine)
    {
        var listed = await SendAsync("AWSStepFunctions.ListExecutions", $$"""{"stateMachineArn":"{{machine}}"}""");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return JsonDocument.Parse(listed.Body).RootElement.GetProperty("executions").GetArrayLength();
    }

    [Fact]
    public async Task StartExecution_ForeignHostHeader_Refused403AndNothingRuns()
    {
        var machine = await MachineAsync("door-host");
        var start = $$"""{"stateMachineArn":"{{machine}}"}""";

        var rebound = await SendAsync("AWSStepFunctions.StartExecution", start, host: $"evil.example:{_host.Port}");
        var suffixTrick = await SendAsync("AWSStepFunctions.StartExecution", start, host: "localhost.evil.example");
        var lookalike = await SendAsync("AWSStepFunctions.StartExecution", start, host: "127.0.0.1.nip.io");

        AssertRefused(rebound);
        AssertRefused(suffixTrick);
        AssertRefused(lookalike);
        Assert.Equal(0, await ExecutionCountAsync(machine));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]")]
    [InlineData("bucket.s3.localhost")]
    public async Task ListStateMachines_LoopbackHostHeader_IsServed(string name)
    {
        var answer = await SendAsync("AWSStepFunctions.ListStateMachines", "{}", host: $"{name}:{_host.Port}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task StartExecution_CrossOriginBrowserRequests_Refused403AndNothingRuns()
    {
        var machine = await MachineAsync("door-origin");
        var start = $$"""{"stateMachineArn":"{{machine}}"}""";

        var fetched = await SendAsync("AWSStepFunctions.StartExecution", start, origin: "http://evil.example");
        var nullOrigin = await SendAsync("AWSStepFunctions.StartExecution", start, origin: "null");
        var otherPort = await SendAsync("AWSStepFunctions.StartExecution", start, origin: "http://localhost:1");
        var noOrigin = await SendAsync("AWSStepFunctions.StartExecution", start, fetchSite: "cross-site");
        // A plain HTML form: no custom headers, a form body, the page's origin.
        var form = await SendAsync("", "Action=CreateQueue&QueueName=door-form", origin: "http://evil.example", contentType: "application/x-www-form-urlencoded");
        var queues = await SendAsync("", "Action=ListQueues", contentType: "application/x-www-form-urlencoded");

        AssertRefused(fetched);
        AssertRefused(nullOrigin);
        AssertRefused(otherPort);
        AssertRefused(noOrigin);
        AssertRefused(form);
        Assert.Equal(HttpStatusCode.OK, queues.Status);
        Assert.DoesNotContain("door-form", queues.Body, StringComparison.Ordinal);
        Assert.Equal(0, await ExecutionCountAsync(machine));
    }

    [Fact]
    public async Task StartExecution_AllowedAndOwnOrigins_AreServedWithCorsHeaders()
    {
        var machine = await MachineAsync("door-allowed");
        var start = $$"""{"stateMachineArn":"{{machine}}"}""";
        var own = $"http://127.0.0.1:{_host.Port}";

        var allowed = await SendAsync("AWSStepFunctions.StartExecution", start, origin: AllowedOrigin, fetchSite: "same-site");
        var fromOwnPage = await SendAsync("AWSStepFunctions.StartExecution", start, origin: own, fetchSite: "same-origin");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/");
        preflight.Headers.TryAddWithoutValidation("Origin", AllowedOrigin);
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "x-amz-target, content-type, authorization");
        var preflightAnswer = await _http.SendAsync(preflight).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal(AllowedOrigin, allowed.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-amzn-RequestId", allowed.Response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fromOwnPage.Status);
        Assert.Equal(HttpStatusCode.OK, preflightAnswer.StatusCode);
        Assert.Equal(AllowedOrigin, preflightAnswer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflightAnswer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("x-amz-target, content-type, authorization", preflightAnswer.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal(2, await ExecutionCountAsync(machine));
    }

    [Fact]
    public async Task AwsCli_WithoutBrowserHeaders_IsServed()
    {
        AwsCli.RequireInstalled();
        var aws = new AwsCli(_host.Endpoint);

        var created = await aws.JsonAsync("sqs", "create-queue", "--queue-name", "door-cli");

        Assert.EndsWith("/door-cli", created.GetProperty("QueueUrl").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:3000,https://app.example", true)]
    [InlineData("*", true)]
    [InlineData("localhost:3000", false)]
    [InlineData("http://localhost:3000/app", false)]
    public void TryParse_CorsOrigins_TakesOriginsOnly(string value, bool valid)
    {
        var parsed = LocalCloudOptions.TryParse(["--cors-origins", value], out var options, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
        {
            Assert.Equal(value.Split(','), options.CorsOrigins);
        }
        else
        {
            Assert.Contains("--cors-origins", error, StringComparison.Ordinal);
        }
    }
}
