using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>CloudWatch Logs on a data directory: groups, their settings, streams and every acknowledged event survive a SIGKILL of the host.</summary>
public sealed class LogsRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string Events(params (long Timestamp, string Message)[] events) =>
        JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object> { ["timestamp"] = e.Timestamp, ["message"] = e.Message }));

    [Fact]
    public async Task PutLogEvents_HostKilledAndRestarted_GroupsSettingsStreamsAndEventsKept_DeletedOnesStayGone()
    {
        AwsCli.RequireInstalled();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string arn;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("logs", "create-log-group", "--log-group-name", "/orders/api", "--tags", "team=orders");
            await aws.JsonAsync("logs", "put-retention-policy", "--log-group-name", "/orders/api", "--retention-in-days", "7");
            await aws.JsonAsync("logs", "create-log-stream", "--log-group-name", "/orders/api", "--log-stream-name", "web");
            await aws.JsonAsync("logs", "create-log-stream", "--log-group-name", "/orders/api", "--log-stream-name", "gone");
            await aws.JsonAsync("logs", "delete-log-stream", "--log-group-name", "/orders/api", "--log-stream-name", "gone");
            await aws.JsonAsync("logs", "put-log-events", "--log-group-name", "/orders/api", "--log-stream-name", "web",
                "--log-events", Events((now - 2000, "placed 1"), (now - 1000, "placed 2")));
            await aws.JsonAsync("logs", "put-log-events", "--log-group-name", "/orders/api", "--log-stream-name", "web", "--log-events", Events((now - 1000, "placed 3")));
            await aws.JsonAsync("logs", "create-log-group", "--log-group-name", "/orders/old");
            await aws.JsonAsync("logs", "delete-log-group", "--log-group-name", "/orders/old");
            arn = (await aws.JsonAsync("logs", "describe-log-groups", "--log-group-name-prefix", "/orders/api")).GetProperty("logGroups")[0].GetProperty("arn").GetString()!;
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var groups = (await again.JsonAsync("logs", "describe-log-groups", "--log-group-name-prefix", "/orders/")).GetProperty("logGroups");
        var tags = (await again.JsonAsync("logs", "list-tags-for-resource", "--resource-arn", arn[..^2])).GetProperty("tags");
        var streams = (await again.JsonAsync("logs", "describe-log-streams", "--log-group-name", "/orders/api")).GetProperty("logStreams");
        await again.JsonAsync("logs", "put-log-events", "--log-group-name", "/orders/api", "--log-stream-name", "web", "--log-events", Events((now, "placed 4")));
        var events = (await again.JsonAsync("logs", "get-log-events", "--log-group-name", "/orders/api", "--log-stream-name", "web", "--start-from-head")).GetProperty("events");

        var group = Assert.Single(groups.EnumerateArray());
        Assert.Equal("/orders/api", group.GetProperty("logGroupName").GetString());
        Assert.Equal(arn, group.GetProperty("arn").GetString());
        Assert.Equal(7, group.GetProperty("retentionInDays").GetInt32());
        Assert.Equal("orders", tags.GetProperty("team").GetString());
        Assert.Equal(["web"], streams.EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()).ToList());
        // Ties in time keep the order they were put in, as before the restart.
        Assert.Equal(["placed 1", "placed 2", "placed 3", "placed 4"], events.EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList());
        Assert.Equal(now - 2000, events[0].GetProperty("timestamp").GetInt64());
    }

    /// <summary>On the service object: the lines a function writes (not waited for) are kept once the writer commits, and the per-group cap trims the store as it trims memory.</summary>
    [Fact]
    public void FunctionLines_BeyondTheGroupCap_OnlyTheNewestKeptAcrossARestart()
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        var options = new LogsOptions("us-east-1", "000000000000", clock) { EventsPerGroup = 10 };
        using (var store = DurableStore.Open(_data))
        {
            using var logs = new LogsService(options, store);
            for (var i = 0; i < 40; i++)
            {
                logs.Append("/aws/lambda/orchestrator", "2026/11/26/[$LATEST]abc", clock.GetUtcNow().AddMilliseconds(i), $"line {i:D2}");
            }
        }

        using var reopened = DurableStore.Open(_data);
        using var kept = new LogsService(options, reopened);
        var group = kept.Group("/aws/lambda/orchestrator");
        var messages = kept.FilterLogEvents(group, null, null, null, null, null, null, null).Events.Select(e => e.Message).ToList();

        // The cap trims in steps of a tenth: between 10 and 11 events are kept, always the newest.
        Assert.InRange(messages.Count, 10, 11);
        Assert.Equal(Enumerable.Range(40 - messages.Count, messages.Count).Select(i => $"line {i:D2}"), messages);
        kept.Append("/aws/lambda/orchestrator", "2026/11/26/[$LATEST]abc", clock.GetUtcNow().AddSeconds(1), "line 40");
        Assert.Equal("line 40", kept.FilterLogEvents(group, null, null, null, null, null, null, null).Events[^1].Message);
    }
}
