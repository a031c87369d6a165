using System.Net;
using System.Net.Sockets;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

public sealed class LocalCloudHostTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public void Endpoint_AfterStart_IsLoopbackWithTheBoundPort()
    {
        Assert.Equal($"http://127.0.0.1:{cloud.Host.Port}", cloud.Endpoint);
        Assert.NotEqual(0, cloud.Host.Port);
    }

    [Fact]
    public async Task Listener_OnlyAcceptsLoopbackConnections()
    {
        var external = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (external is null)
        {
            Assert.Skip("no non-loopback IPv4 address on this machine to prove the listener ignores it");
        }
        using var client = new TcpClient();

        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(external, cloud.Host.Port).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("--port 4566", 4566, true)]
    [InlineData("--port 0 --no-kinesis-throttling", 0, false)]
    [InlineData("", 4566, true)]
    public void TryParse_ValidArguments_SetOptions(string args, int port, bool throttling)
    {
        Assert.True(LocalCloudOptions.TryParse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), out var options, out _));
        Assert.Equal(port, options.Port);
        Assert.Equal(throttling, options.KinesisThrottling);
    }

    [Fact]
    public void TryParse_ExecutionHistories_SetsTheRetentionDefaultTenThousand()
    {
        Assert.True(LocalCloudOptions.TryParse(["--execution-histories", "250"], out var options, out _));
        Assert.Equal(250, options.ExecutionHistories);
        Assert.True(LocalCloudOptions.TryParse([], out var defaults, out _));
        Assert.Equal(10_000, defaults.ExecutionHistories);
    }

    [Theory]
    [InlineData("--port x")]
    [InlineData("--port 70000")]
    [InlineData("--port")]
    [InlineData("--execution-histories -1")]
    [InlineData("--execution-histories many")]
    [InlineData("--bogus")]
    public void TryParse_BadArguments_ExplainWhy(string args)
    {
        Assert.False(LocalCloudOptions.TryParse(args.Split(' '), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
