using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.TestSupport;

/// <summary>
/// A real HTTP server that implements the Lambda Runtime API (2018-06-01) for tests, plus an
/// optional fake AWS endpoint at <c>POST /</c> so a function's AWS calls can be answered and
/// recorded by the same server.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<PendingInvocation> _pending = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResult>> _results = new();
    private readonly TaskCompletionSource<InvocationResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<long> _nextCalls = Channel.CreateUnbounded<long>();
    private readonly ConcurrentQueue<RecordedAwsRequest> _awsRequests = new();

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>Host and port, as <c>AWS_LAMBDA_RUNTIME_API</c> takes it.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Base URL, as <c>AWS_ENDPOINT_URL</c> takes it, for the fake AWS endpoint.</summary>
    public string EndpointUrl => $"http://{Address}";

    /// <summary>When set, <c>/invocation/next</c> answers 500 (a broken execution environment).</summary>
    public bool FailNextWith500 { get; set; }

    /// <summary>Answers AWS calls made to <c>POST /</c>; the default answers 500.</summary>
    public Func<RecordedAwsRequest, AwsAnswer> AwsHandler { get; set; } = static _ => new AwsAnswer(500, "application/json", "{}");

    public IReadOnlyCollection<RecordedAwsRequest> AwsRequests => _awsRequests;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeRuntimeApi(app);
        api.Map(app);
        await app.StartAsync().ConfigureAwait(false);
        api.Address = new Uri(app.Urls.First()).Authority;
        return api;
    }

    public void Enqueue(string requestId, byte[] payload, TimeSpan? timeLeft = null, string? traceId = null) =>
        _pending.Writer.TryWrite(new PendingInvocation(requestId, payload, timeLeft ?? TimeSpan.FromSeconds(30), traceId));

    public Task<InvocationResult> ResultAsync(string requestId, TimeSpan timeout) =>
        _results.GetOrAdd(requestId, _ => new TaskCompletionSource<InvocationResult>(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(timeout);

    public Task<InvocationResult> InitErrorAsync(TimeSpan timeout) => _initError.Task.WaitAsync(timeout);

    /// <summary>Waits for the next <c>GET /invocation/next</c> and returns when it came (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public async Task<long> NextCallAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _nextCalls.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map(WebApplication web)
    {
        web.MapGet("/2018-06-01/runtime/invocation/next", NextAsync);
        web.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => CompleteAsync(id, request, isError: false));
        web.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => CompleteAsync(id, request, isError: true));
        web.MapPost("/2018-06-01/runtime/init/error", async (HttpRequest request) =>
        {
            _initError.TrySetResult(await ReadResultAsync("init", request, isError: true).ConfigureAwait(false));
            return Results.StatusCode(202);
        });
        web.MapPost("/", AwsAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        _nextCalls.Writer.TryWrite(Stopwatch.GetTimestamp());
        if (FailNextWith500)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("{\"errorMessage\":\"environment broken\",\"errorType\":\"Runtime.Unknown\"}").ConfigureAwait(false);
            return;
        }

        PendingInvocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow + invocation.TimeLeft).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:test-function";
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(invocation.Payload).ConfigureAwait(false);
    }

    private async Task<IResult> CompleteAsync(string id, HttpRequest request, bool isError)
    {
        var result = await ReadResultAsync(id, request, isError).ConfigureAwait(false);
        _results.GetOrAdd(id, _ => new TaskCompletionSource<InvocationResult>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(result);
        return Results.StatusCode(202);
    }

    private static async Task<InvocationResult> ReadResultAsync(string id, HttpRequest request, bool isError)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        return new InvocationResult(id, isError, body, request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault());
    }

    private async Task AwsAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var recorded = new RecordedAwsRequest(
            context.Request.Headers["X-Amz-Target"].FirstOrDefault(),
            context.Request.ContentType,
            context.Request.Headers.Authorization.FirstOrDefault(),
            body);
        _awsRequests.Enqueue(recorded);
        var answer = AwsHandler(recorded);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
    }

    private sealed record PendingInvocation(string RequestId, byte[] Payload, TimeSpan TimeLeft, string? TraceId);
}

public sealed record InvocationResult(string RequestId, bool IsError, string Body, string? ErrorTypeHeader);

public sealed record RecordedAwsRequest(string? Target, string? ContentType, string? Authorization, string Body);

public sealed record AwsAnswer(int Status, string ContentType, string Body);
