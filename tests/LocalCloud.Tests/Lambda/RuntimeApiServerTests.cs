using System.Net;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// The Runtime API tells environments apart by port, and a port passes to a new environment when the
/// old one is retired. A request the old process sent just before it was killed must not take the new
/// environment's invocation (found by the end-to-end demo: under a burst, cold invocations timed out).
/// </summary>
public sealed class RuntimeApiServerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Next_StaleConnectionOfRetiredEnvironment_IsRefusedAndLeavesTheNewInvocation()
    {
        await using var server = RuntimeApiServer.Create(1);
        await server.StartAsync().WaitAsync(s_timeout);
        using var old = new ExecutionEnvironment("f-1", "2026/12/03/[$LATEST]1", (_, _, _) => { });
        var port = server.Lease(old)!.Value;
        using var oldProcess = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = System.Threading.Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 1 });
        var next = $"http://127.0.0.1:{port}/2018-06-01/runtime/invocation/next";
        var first = oldProcess.GetAsync(next);
        var served = old.InvokeAsync(Invocation("old-1"), s_timeout, long.MaxValue);
        Assert.Equal(HttpStatusCode.OK, (await first.WaitAsync(s_timeout)).StatusCode);
        old.Kill();
        await served.WaitAsync(s_timeout);
        server.Return(port, old);
        using var fresh = new ExecutionEnvironment("f-2", "2026/12/03/[$LATEST]2", (_, _, _) => { });
        Assert.Equal(port, server.Lease(fresh));

        var stale = await oldProcess.GetAsync(next).WaitAsync(s_timeout);
        using var newProcess = new HttpClient();
        var freshNext = newProcess.GetAsync(next);
        var invocation = fresh.InvokeAsync(Invocation("new-1"), s_timeout, long.MaxValue);
        var delivered = await freshNext.WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, stale.StatusCode);
        Assert.Equal("new-1", delivered.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single());
        var respond = await newProcess.PostAsync($"http://127.0.0.1:{port}/2018-06-01/runtime/invocation/new-1/response", new StringContent("{}")).WaitAsync(s_timeout);
        Assert.Equal(HttpStatusCode.Accepted, respond.StatusCode);
        Assert.False((await invocation.WaitAsync(s_timeout)).IsError);
    }

    private static PendingInvocation Invocation(string id) =>
        new(id, "{}"u8.ToArray(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds(), "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1-0-0");
}
