using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Cli.Tests.Support;

/// <summary>
/// A loopback HTTP endpoint answering awsJson calls with a handler the test writes: exact control
/// over what a "service" answers (partial failures) or a front for an in-process service object.
/// </summary>
internal sealed class FakeAwsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAwsEndpoint(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <param name="handler">(operation without the target prefix, body) → (HTTP status, JSON body).</param>
    public static async Task<FakeAwsEndpoint> StartAsync(Func<string, byte[], Task<(int Status, string Body)>> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var (status, body) = await handler(target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..], buffer.ToArray());
            context.Response.StatusCode = status;
            context.Response.ContentType = context.Request.ContentType;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("no server");
        return new FakeAwsEndpoint(app, $"http://127.0.0.1:{new Uri(address).Port}");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
