using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// The local cloud: one Kestrel listener on loopback, the services as plain objects behind it. The
/// services are exposed so that in-process callers (event source mappings, tests) use them directly.
/// </summary>
public sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalCloudHost(WebApplication app, LocalCloudOptions options, SqsService sqs, SnsService sns, KinesisService kinesis)
    {
        _app = app;
        Options = options;
        Sqs = sqs;
        Sns = sns;
        Kinesis = kinesis;
    }

    public LocalCloudOptions Options { get; }

    internal SqsService Sqs { get; }

    internal SnsService Sns { get; }

    internal KinesisService Kinesis { get; }

    /// <summary>The bound port; known once started (the option may be 0).</summary>
    public int Port { get; private set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static LocalCloudHost Create(LocalCloudOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();

        var sqs = new SqsService(options);
        var sns = new SnsService(options, sqs);
        var kinesis = new KinesisService(options);
        IAwsServiceHandler[] handlers = [new SqsHandler(sqs), new SnsHandler(sns), new KinesisHandler(kinesis)];
        var router = new RequestRouter(handlers, options, app.Logger);
        app.Run(router.HandleAsync);
        return new LocalCloudHost(app, options, sqs, sns, kinesis);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses
            : null;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no listening address");
        Port = new Uri(address).Port;
        Sqs.Endpoint = Endpoint;
        Sns.Endpoint = Endpoint;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        Kinesis.Dispose();
    }
}
