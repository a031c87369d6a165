using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>One host per test class, on a free loopback port.</summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    public LocalCloudHost Host { get; private set; } = null!;

    public string Endpoint => Host.Endpoint;

    /// <summary>Throttling off: contract tests send faster than one shard would accept.</summary>
    public async ValueTask InitializeAsync()
    {
        Host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, KinesisThrottling = false });
        await Host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
