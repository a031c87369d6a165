using Sluice.LocalCloud.Hosting;

namespace Sluice.Cli.Tests.Support;

/// <summary>The local cloud in process on a free port, with Kinesis's per-shard write limits ON (put must cope with them).</summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    private static int s_streams;

    internal LocalCloudHost Host { get; private set; } = null!;

    public string Endpoint => Host.Endpoint;

    public async ValueTask InitializeAsync()
    {
        Host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, KinesisThrottling = true });
        await Host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A fresh stream per test, so tests sharing the host never see each other's records.</summary>
    public async Task<string> NewStreamAsync(int shards)
    {
        var name = $"orders-{Interlocked.Increment(ref s_streams)}";
        await AwsTestClients.CreateStreamAsync(Endpoint, name, shards);
        return name;
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
