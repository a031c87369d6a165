using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.WebConsole;
using Sluice.Shared.Aws;

namespace Sluice.Cli.ConsoleServer;

/// <summary>
/// <c>sluice console</c>'s server: the local cloud's web console (the same embedded pages and API,
/// <see cref="ConsoleSite"/>) on a loopback port, its executions read from any endpoint or AWS by
/// <see cref="RemoteExecutions"/> and its functions by <see cref="RemoteFunctions"/> with the user's
/// credentials, which stay in this process: the page
/// calls only this server, which signs. The local cloud's front door guards it (loopback Host names
/// only, no other site's page), and only <c>GET</c> and <c>HEAD</c> are answered.
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConsoleHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The console's page, e.g. <c>http://127.0.0.1:4580/console/</c>.</summary>
    public Uri Url { get; }

    public static async Task<ConsoleHost> StartAsync(StepFunctionsClient client, RemoteFunctions functions, string region, int port, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var options = new LocalCloudOptions { Port = port, Region = region, Clock = clock };
        var frontDoor = new FrontDoor(options);
        var executions = new RemoteExecutions(client, clock);
        var site = new ConsoleSite(options, () => executions, ["states", "lambda", "monitoring", "logs"], functionSource: functions);
        app.Use(next => context => frontDoor.InvokeAsync(context, next));
        app.Run(context => ServeAsync(site, context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"console: cannot listen on 127.0.0.1:{port}: {e.Message} (--port chooses another; 0 takes any free port)", CliException.Failure);
        }

        var address = (app.Services.GetService(typeof(IServer)) as IServer)?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        return new ConsoleHost(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/console/"));
    }

    private static async Task ServeAsync(ConsoleSite site, HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        if (request.Path.Value is "/" or "")
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "/console/";
            return;
        }

        if (!request.Path.StartsWithSegments("/console", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        try
        {
            await site.HandleAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException && !context.Response.HasStarted)
        {
            // The endpoint refused or could not be reached: the page shows it and tries again.
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "application/json; charset=utf-8";
            var (code, message) = e is AwsServiceException aws ? (aws.ErrorCode, aws.ServiceMessage) : ("EndpointUnreachable", e.Message);
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new ErrorAnswer(code, message), ConsoleJsonContext.Default.ErrorAnswer), context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}

internal sealed record ErrorAnswer(
    [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class ConsoleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
