using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Cli.Put;
using Sluice.Cli.Tests.Support;
using Sluice.Cli.Tests.Watch;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Tests.Replay;

/// <summary>
/// `sluice replay --from` further back than the stream keeps records: the older part of the window
/// comes from the event archive (by each event's own time), the rest from the stream, each order.placed once.
/// </summary>
public sealed class ReplayArchiveTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static int s_names;

    private static byte[] Placed(string orderId, DateTimeOffset time) =>
        OrderGenerator.Write("evt-" + orderId, new OrderPlaced(orderId, "cust-7", "EUR", "tok_visa", [new OrderLine("SKU-1", 1, 5m)]), time);

    private static string Hour(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture);

    private async Task<string> MachineAsync()
    {
        using var http = new HttpClient();
        var transport = new AwsHttpClient(AwsTestClients.Options(cloud.Endpoint), AwsService.StepFunctions, http);
        var create = new JsonObject
        {
            ["name"] = $"replay-archive-{Interlocked.Increment(ref s_names)}",
            ["definition"] = StepFunctionsFixture.Definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/test",
        };
        using var created = JsonDocument.Parse(await transport.SendJsonAsync("AWSStepFunctions.CreateStateMachine", "1.0", Encoding.UTF8.GetBytes(create.ToJsonString()), TestContext.Current.CancellationToken));
        return created.RootElement.GetProperty("stateMachineArn").GetString()!;
    }

    [Fact]
    public async Task Replay_FromBeforeTheStreamsRetention_PutsBackTheArchivedOrdersOnceWithTheStreams()
    {
        var now = DateTimeOffset.UtcNow;
        var stream = await cloud.NewStreamAsync(1);
        var machine = await MachineAsync();
        var bucket = $"replay-archive-{Interlocked.Increment(ref s_names)}";
        await AwsTestClients.S3PutAsync(cloud.Endpoint, bucket);
        var recent = Placed("ord-new", now);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-new", recent);
        // Two days ago, past the stream's 24 hours: two orders, an outcome, a copy of one order, an
        // order whose own time is before --from, the recent order (the stream's, after the archive's part) and a broken document.
        await AwsTestClients.S3PutAsync(cloud.Endpoint, bucket, $"events/{Hour(now.AddDays(-2))}/hose-1-a.gz", AwsTestClients.Gzip(
            Placed("ord-old-1", now.AddDays(-2)), Placed("ord-old-2", now.AddDays(-2).AddMinutes(1)),
            OrderOutcome.Write(new OrderConfirmed("ord-old-1", "cust-7", 5m, "EUR", "auth-1", "evt-ord-old-1"), now.AddDays(-2).AddMinutes(2)),
            Placed("ord-old-1", now.AddDays(-2)), Placed("ord-older", now.AddDays(-4)), recent, "{\"broken\":"u8.ToArray()));
        string[] args = ["replay", "--from", "-3d", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine, "--archive-bucket", bucket, "--json"];

        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        var root = report.RootElement;
        Assert.Equal(3, root.GetProperty("eventsFound").GetInt32());
        Assert.Equal(1, root.GetProperty("duplicateEvents").GetInt32());
        Assert.Equal(1, root.GetProperty("otherEvents").GetInt32());
        Assert.Equal(1, root.GetProperty("unreadable").GetInt32());
        Assert.Equal(3, root.GetProperty("eventsRePut").GetInt32());
        var archive = root.GetProperty("archive");
        Assert.Equal(bucket, archive.GetProperty("bucket").GetString());
        Assert.Equal(1, archive.GetProperty("objectsRead").GetInt32());
        Assert.Equal(5, archive.GetProperty("recordsRead").GetInt32());
        Assert.Contains($"read 1 objects of the event archive s3://{bucket}/events/", result.Error, StringComparison.Ordinal);
        // Archived orders go back first (they are older), then the stream's; each event once, unchanged.
        var records = await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream);
        Assert.Equal(["evt-ord-new", "evt-ord-old-1", "evt-ord-old-2", "evt-ord-new"], records.Select(r => CloudEventParser.Parse(r.Data).Event!.Id));
        Assert.Equal(["ord-new", "ord-old-1", "ord-old-2", "ord-new"], records.Select(r => r.PartitionKey));
        Assert.Equal(recent, records[^1].Data);
    }

    [Fact]
    public async Task Replay_FromBeforeTheStreamsRetention_NoArchiveKnown_SaysSoAndReplaysTheStream()
    {
        var stream = await cloud.NewStreamAsync(1);
        var machine = await MachineAsync();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-s", Placed("ord-s", DateTimeOffset.UtcNow));

        var result = await CliRunner.RunAsync(["replay", "--from", "-2d", "--dry-run", "--json", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("are past the stream's 24-hour retention and no event archive is known", result.Error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(1, report.RootElement.GetProperty("eventsFound").GetInt32());
        Assert.False(report.RootElement.TryGetProperty("archive", out _));
    }

    [Fact]
    public async Task Replay_WithinTheStreamsRetention_ArchiveNotRead()
    {
        var stream = await cloud.NewStreamAsync(1);
        var machine = await MachineAsync();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-w", Placed("ord-w", DateTimeOffset.UtcNow));

        // A bucket that does not exist: reading it would fail the command.
        var result = await CliRunner.RunAsync(["replay", "--from", "-1h", "--dry-run", "--json", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine, "--archive-bucket", "no-such-archive"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(1, report.RootElement.GetProperty("eventsFound").GetInt32());
        Assert.False(report.RootElement.TryGetProperty("archive", out _));
    }
}
