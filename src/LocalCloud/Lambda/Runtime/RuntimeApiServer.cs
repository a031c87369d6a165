using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// The Lambda Runtime API (2018-06-01). <c>AWS_LAMBDA_RUNTIME_API</c> is a bare host:port with fixed
/// paths, so every execution environment needs its own address: one Kestrel server listens on a pool
/// of loopback ports (one per allowed concurrent environment) and tells environments apart by the
/// port a request arrived on.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const int MaxResponseBytes = 6 * 1024 * 1024;
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, ExecutionEnvironment> _byPort = new();
    private readonly ConcurrentQueue<int> _freePorts = new();

    private RuntimeApiServer(WebApplication app) => _app = app;

    /// <summary>Builds the server; it listens once <see cref="StartAsync"/> has run.</summary>
    public static RuntimeApiServer Create(int slots)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var i = 0; i < slots; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            kestrel.Limits.MaxRequestBodySize = MaxResponseBytes + 1024;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new RuntimeApiServer(app);
        app.Run(server.HandleAsync);
        return server;
    }

    public async Task StartAsync()
    {
        await _app.StartAsync().ConfigureAwait(false);
        var addresses = _app.Services.GetService(typeof(IServer)) is IServer s ? s.Features.Get<IServerAddressesFeature>()?.Addresses : null;
        foreach (var address in addresses ?? [])
        {
            _freePorts.Enqueue(new Uri(address).Port);
        }
    }

    /// <summary>Binds a free port to the environment; null when every port is in use.</summary>
    public int? Lease(ExecutionEnvironment environment)
    {
        if (!_freePorts.TryDequeue(out var port))
        {
            return null;
        }
        _byPort[port] = environment;
        return port;
    }

    public void Return(int port, ExecutionEnvironment environment)
    {
        if (_byPort.TryRemove(new KeyValuePair<int, ExecutionEnvironment>(port, environment)))
        {
            _freePorts.Enqueue(port);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (EnvironmentOf(context) is not { } environment || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, "{\"errorMessage\":\"Unknown resource\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
            return;
        }
        var rest = path[Prefix.Length..];
        if (rest == "invocation/next" && HttpMethods.IsGet(request.Method))
        {
            await NextAsync(context, environment).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteAsync(context, 405, "{\"errorMessage\":\"Method not allowed\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
            return;
        }
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await WriteAsync(context, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}").ConfigureAwait(false);
            return;
        }
        var errorType = request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        if (rest == "init/error")
        {
            environment.InitFailed(body, errorType);
            await WriteAsync(context, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
            return;
        }
        const string Invocation = "invocation/";
        if (rest.StartsWith(Invocation, StringComparison.Ordinal))
        {
            var tail = rest[Invocation.Length..];
            var slash = tail.IndexOf('/', StringComparison.Ordinal);
            var kind = slash > 0 ? tail[(slash + 1)..] : "";
            if (kind is "response" or "error")
            {
                var id = Uri.UnescapeDataString(tail[..slash]);
                var accepted = kind == "response" ? environment.Respond(id, body) : environment.Fail(id, body, errorType);
                await (accepted
                    ? WriteAsync(context, 202, "{\"status\":\"OK\"}")
                    : WriteAsync(context, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}")).ConfigureAwait(false);
                return;
            }
        }
        await WriteAsync(context, 404, "{\"errorMessage\":\"Unknown resource\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
    }

    /// <summary>
    /// The environment a request belongs to: the one that owned the port when its connection made its
    /// first request. A port passes to a new environment once the old one is retired, but a request the
    /// old process sent just before it was killed can still be waiting in its connection; bound to the
    /// connection, it reaches the old (dead) environment and is refused, instead of taking the new
    /// environment's invocation.
    /// </summary>
    private ExecutionEnvironment? EnvironmentOf(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items
            ?? throw new InvalidOperationException("Kestrel did not expose per-connection items");
        if (items.TryGetValue(typeof(ExecutionEnvironment), out var bound))
        {
            return (ExecutionEnvironment)bound!;
        }

        if (!_byPort.TryGetValue(context.Connection.LocalPort, out var environment))
        {
            return null;
        }

        items[typeof(ExecutionEnvironment)] = environment;
        return environment;
    }

    private static async Task NextAsync(HttpContext context, ExecutionEnvironment environment)
    {
        PendingInvocation next;
        try
        {
            next = await environment.NextAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (InvalidOperationException)
        {
            // The environment is shutting down: a 500 makes the runtime exit.
            await WriteAsync(context, 500, "{\"errorMessage\":\"The execution environment is shutting down\",\"errorType\":\"Runtime.Unknown\"}").ConfigureAwait(false);
            return;
        }
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = next.DeadlineMs.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = next.InvokedFunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = next.Payload.Length;
        await context.Response.Body.WriteAsync(next.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length > MaxResponseBytes ? null : buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
