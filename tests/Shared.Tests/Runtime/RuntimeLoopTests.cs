using System.Text;
using System.Text.Json;
using Sluice.Shared.Runtime;

namespace Sluice.Shared.Tests.Runtime;

public sealed class RuntimeLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, string?> _environmentWrites = [];
    private FakeRuntimeApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await FakeRuntimeApi.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task RunAsync_Invocation_PostsHandlerResponseWithContext()
    {
        LambdaContext? seen = null;
        using var cts = new CancellationTokenSource();
        var loop = StartLoop((invocation, context, _) =>
        {
            seen = context;
            return Task.FromResult(Encoding.UTF8.GetBytes("{\"echo\":" + Encoding.UTF8.GetString(invocation.Payload) + "}"));
        }, cts.Token);

        _api.Enqueue("req-1", "{\"a\":1}"u8.ToArray(), TimeSpan.FromSeconds(5), "Root=1-abc;Parent=2;Sampled=1");
        var result = await _api.ResultAsync("req-1", s_timeout);
        await cts.CancelAsync();

        Assert.False(result.IsError);
        Assert.Equal("{\"echo\":{\"a\":1}}", result.Body);
        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:test-function", seen.InvokedFunctionArn);
        Assert.Equal("Root=1-abc;Parent=2;Sampled=1", seen.TraceId);
        Assert.InRange(seen.RemainingTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal("Root=1-abc;Parent=2;Sampled=1", _environmentWrites["_X_AMZN_TRACE_ID"]);
        Assert.Equal(0, await loop.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_PostsErrorAndKeepsServing()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var loop = StartLoop((_, _, _) => ++calls == 1
            ? throw new FunctionException("OutOfStock", "SKU OOS-1 is out of stock")
            : Task.FromResult("{}"u8.ToArray()), cts.Token);

        _api.Enqueue("req-fail", "{}"u8.ToArray());
        _api.Enqueue("req-ok", "{}"u8.ToArray());
        var failed = await _api.ResultAsync("req-fail", s_timeout);
        var ok = await _api.ResultAsync("req-ok", s_timeout);
        await cts.CancelAsync();
        await loop.WaitAsync(s_timeout);

        Assert.True(failed.IsError);
        Assert.Equal("OutOfStock", failed.ErrorTypeHeader);
        using var body = JsonDocument.Parse(failed.Body);
        Assert.Equal("OutOfStock", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("SKU OOS-1 is out of stock", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.NotEmpty(body.RootElement.GetProperty("stackTrace").EnumerateArray());
        Assert.False(ok.IsError);
    }

    [Fact]
    public async Task RunAsync_UntypedException_ReportsTheExceptionTypeName()
    {
        using var cts = new CancellationTokenSource();
        var loop = StartLoop((_, _, _) => throw new InvalidOperationException("boom"), cts.Token);

        _api.Enqueue("req-1", "{}"u8.ToArray());
        var result = await _api.ResultAsync("req-1", s_timeout);
        await cts.CancelAsync();
        await loop.WaitAsync(s_timeout);

        Assert.Equal("InvalidOperationException", result.ErrorTypeHeader);
        Assert.Contains("\"errorMessage\":\"boom\"", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RuntimeApiAnswers500_ExitsWithOne()
    {
        _api.FailNextWith500 = true;

        var exitCode = await StartLoop((_, _, _) => Task.FromResult(Array.Empty<byte>()), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task RunAsync_NoTraceHeader_ClearsTraceVariable()
    {
        using var cts = new CancellationTokenSource();
        _environmentWrites["_X_AMZN_TRACE_ID"] = "stale";
        var loop = StartLoop((_, _, _) => Task.FromResult("{}"u8.ToArray()), cts.Token);

        _api.Enqueue("req-1", "{}"u8.ToArray());
        await _api.ResultAsync("req-1", s_timeout);
        await cts.CancelAsync();
        await loop.WaitAsync(s_timeout);

        Assert.Null(_environmentWrites["_X_AMZN_TRACE_ID"]);
    }

    [Fact]
    public async Task NextAsync_WaitsLongerThanHttpClientDefaultTimeout_WithoutClientTimeout()
    {
        using var client = new RuntimeApiClient(_api.Address);
        var next = client.NextAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(next.IsCompleted);

        _api.Enqueue("late", "{}"u8.ToArray());
        var invocation = await next.WaitAsync(s_timeout);

        Assert.Equal("late", invocation.RequestId);
    }

    [Fact]
    public async Task RunAsync_ComposeThrows_PostsInitErrorAndExits()
    {
        var env = new DictionaryEnvironment(new Dictionary<string, string?> { ["AWS_LAMBDA_RUNTIME_API"] = _api.Address });

        var exitCode = await LambdaHost.RunAsync(_ => throw new InvalidOperationException("TOPIC_ARN is not set"), env).WaitAsync(s_timeout);
        var initError = await _api.InitErrorAsync(s_timeout);

        Assert.Equal(1, exitCode);
        Assert.Equal("InvalidOperationException", initError.ErrorTypeHeader);
        Assert.Contains("TOPIC_ARN is not set", initError.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoRuntimeApiVariable_ExitsWithTwo()
    {
        var exitCode = await LambdaHost.RunAsync(_ => (_, _, _) => Task.FromResult(Array.Empty<byte>()), new DictionaryEnvironment(new Dictionary<string, string?>()));

        Assert.Equal(2, exitCode);
    }

    private Task<int> StartLoop(InvocationHandler handler, CancellationToken cancellationToken)
    {
        var client = new RuntimeApiClient(_api.Address);
        var host = new LambdaHost(new DictionaryEnvironment(new Dictionary<string, string?>()), new Sluice.Shared.Logging.JsonLineSink(Stream.Null), TimeProvider.System);
        var loop = new RuntimeLoop(client, host, handler, (name, value) =>
        {
            lock (_environmentWrites)
            {
                _environmentWrites[name] = value;
            }
        });
        return Task.Run(async () =>
        {
            try
            {
                return await loop.RunAsync(cancellationToken);
            }
            finally
            {
                client.Dispose();
            }
        });
    }
}
