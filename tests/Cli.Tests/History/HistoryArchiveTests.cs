using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Put;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Aws.S3;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.History;

/// <summary>
/// `sluice history` for an order whose start the stream no longer holds: the rest comes from the
/// event archive (Firehose's gzipped objects under events/yyyy/MM/dd/HH/), each event once.
/// </summary>
public sealed class HistoryArchiveTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static int s_buckets;
    private static readonly DateTimeOffset s_t0 = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    private static byte[] Placed(string orderId) =>
        OrderGenerator.Write("evt-" + orderId, new OrderPlaced(orderId, "cust-7", "EUR", "tok_visa", [new OrderLine("SKU-1", 2, 12.5m)]), s_t0);

    private Task<byte[]> ConfirmedAsync(string orderId) => AwsTestClients.SignedAsync(cloud.Endpoint,
        OrderOutcome.Write(new OrderConfirmed(orderId, "cust-7", 25m, "EUR", "auth-" + orderId, "evt-" + orderId), s_t0.AddSeconds(2)));

    private static string Hour(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture);

    private async Task<string> NewBucketAsync()
    {
        var bucket = $"archive-{Interlocked.Increment(ref s_buckets)}";
        await AwsTestClients.S3PutAsync(cloud.Endpoint, bucket);
        return bucket;
    }

    [Fact]
    public async Task History_PlacedPastTheStream_TakenFromTheArchive_EventsTheStreamStillHoldsNotRepeated()
    {
        var stream = await cloud.NewStreamAsync(1);
        var bucket = await NewBucketAsync();
        var confirmed = await ConfirmedAsync("ord-a");
        var key = $"events/{Hour(DateTimeOffset.UtcNow)}/hose-1-a.gz";
        // The archive holds the whole order among another's; the stream, past its retention, only the outcome.
        await AwsTestClients.S3PutAsync(cloud.Endpoint, bucket, key, AwsTestClients.Gzip(Placed("ord-a"), Placed("other-1"), confirmed, "{\"not\":\"an event\"}"u8.ToArray()));
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-a", confirmed);
        string[] args = ["history", "ord-a", "--endpoint", cloud.Endpoint, "--stream", stream, "--archive-bucket", bucket];

        var json = await CliRunner.RunAsync([.. args, "--json"]);
        var text = await CliRunner.RunAsync(args);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var report = JsonDocument.Parse(json.Out);
        var root = report.RootElement;
        Assert.Equal("confirmed", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("duplicates").GetInt32());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["order.placed", "order.confirmed"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(key, events[0].GetProperty("archive").GetString());
        Assert.False(events[0].TryGetProperty("shardId", out _));
        Assert.Equal("shardId-000000000000", events[1].GetProperty("shardId").GetString());
        var archive = root.GetProperty("archive");
        Assert.Equal(bucket, archive.GetProperty("bucket").GetString());
        Assert.Equal(1, archive.GetProperty("objectsRead").GetInt32());
        Assert.Equal(1, archive.GetProperty("eventsAdded").GetInt32());
        Assert.Single(archive.GetProperty("unreadable").EnumerateArray());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"1 events the stream no longer holds, from 1 objects of s3://{bucket}/events/", text.Out, StringComparison.Ordinal);
        Assert.Contains(key, text.Out, StringComparison.Ordinal);
        Assert.Contains($"the stream holds no order.placed for 'ord-a': read 1 objects of the archive s3://{bucket}/events/", text.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ArchiveOlderThanArchiveFrom_NotSearched_FoundWithAnEarlierFrom()
    {
        var stream = await cloud.NewStreamAsync(1);
        var bucket = await NewBucketAsync();
        await AwsTestClients.S3PutAsync(cloud.Endpoint, bucket, $"events/{Hour(DateTimeOffset.UtcNow.AddDays(-3))}/hose-1-old.gz", AwsTestClients.Gzip(Placed("ord-old")));
        string[] args = ["history", "ord-old", "--endpoint", cloud.Endpoint, "--stream", stream, "--archive-bucket", bucket];

        var recent = await CliRunner.RunAsync([.. args, "--archive-from", "-1d"]);
        var earlier = await CliRunner.RunAsync([.. args, "--archive-from", "-4d", "--json"]);

        Assert.Equal(1, recent.ExitCode);
        Assert.Contains($"sluice: no events for order 'ord-old' in stream '{stream}' or the archive s3://{bucket}/events/ since ", recent.Error, StringComparison.Ordinal);
        Assert.True(earlier.ExitCode == 0, earlier.ToString());
        using var report = JsonDocument.Parse(earlier.Out);
        Assert.Equal("placed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("archive").GetProperty("eventsAdded").GetInt32());
    }

    [Fact]
    public async Task History_ArchiveBucketMissing_OneLineError()
    {
        var stream = await cloud.NewStreamAsync(1);

        var result = await CliRunner.RunAsync(["history", "ord-x", "--endpoint", cloud.Endpoint, "--stream", stream, "--archive-bucket", "no-such-archive"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot read the event archive s3://no-such-archive/events/", result.Error, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_BadArchiveFrom_UsageError()
    {
        var result = await CliRunner.RunAsync(["history", "ord-x", "--endpoint", cloud.Endpoint, "--archive-from", "yesterday"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sluice: --archive-from: 'yesterday' is neither an ISO-8601 time", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A stream archived by Firehose into a bucket, as the project's template does it, with no buffering delay.</summary>
    private static async Task<string> ArchiveTemplateAsync(string streamName)
    {
        var template = Path.Combine(Directory.CreateTempSubdirectory("history-archive-").FullName, "template.yaml");
        await File.WriteAllTextAsync(template, $$"""
            Resources:
              OrderStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  Name: {{streamName}}
                  ShardCount: 1
              ArchiveBucket:
                Type: AWS::S3::Bucket
              ArchiveDeliveryStream:
                Type: AWS::KinesisFirehose::DeliveryStream
                Properties:
                  DeliveryStreamType: KinesisStreamAsSource
                  KinesisStreamSourceConfiguration:
                    KinesisStreamARN: !GetAtt OrderStream.Arn
                    RoleARN: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/archive
                  ExtendedS3DestinationConfiguration:
                    BucketARN: !GetAtt ArchiveBucket.Arn
                    RoleARN: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/archive
                    Prefix: "events/!{timestamp:yyyy/MM/dd/HH}/"
                    ErrorOutputPrefix: "errors/!{firehose:error-output-type}/"
                    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }
                    CompressionFormat: GZIP
            Outputs:
              OrderStreamName:
                Value: !Ref OrderStream
              ArchiveBucketName:
                Value: !Ref ArchiveBucket
            """, TestContext.Current.CancellationToken);
        return template;
    }

    /// <summary>
    /// The stack names the archive (its ArchiveBucketName output) and the local Firehose writes it
    /// from the stream: what history reads is what Firehose wrote.
    /// </summary>
    [Fact]
    public async Task History_StackWithAnArchive_ReadsWhatFirehoseDelivered()
    {
        var template = await ArchiveTemplateAsync("archived-orders");
        var deployed = await cloud.Host.DeployStackAsync(new Sluice.LocalCloud.Hosting.StackDeploymentRequest(template) { StackName = "archived" })
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(deployed.Succeeded, deployed.Error?.Message);
        var bucket = deployed.Outputs["ArchiveBucketName"];
        await AwsTestClients.PutAsync(cloud.Endpoint, "archived-orders", "ord-h", Placed("ord-h"));
        using var http = new HttpClient();
        var s3 = new S3Client(AwsTestClients.Options(cloud.Endpoint), http);
        await Poll.UntilAsync(async () => (await s3.ListObjectsV2Async(bucket, "events/", cancellationToken: TestContext.Current.CancellationToken)).Objects.Count > 0,
            () => $"nothing delivered to {bucket}", TimeSpan.FromSeconds(60));
        // A stream that never held the order stands for one that dropped it past its retention.
        var empty = await cloud.NewStreamAsync(1);

        var result = await CliRunner.RunAsync(["history", "ord-h", "--endpoint", cloud.Endpoint, "--stack", "archived", "--stream", empty, "--json"]);
        var fromStream = await CliRunner.RunAsync(["history", "ord-h", "--endpoint", cloud.Endpoint, "--stack", "archived", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal("placed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(bucket, report.RootElement.GetProperty("archive").GetProperty("bucket").GetString());
        var placed = Assert.Single(report.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("evt-ord-h", placed.GetProperty("id").GetString());
        Assert.StartsWith("events/", placed.GetProperty("archive").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(".gz", placed.GetProperty("archive").GetString(), StringComparison.Ordinal);
        // The same history whichever holds the order: the state and the events (only where each was differs).
        Assert.True(fromStream.ExitCode == 0, fromStream.ToString());
        using var streamReport = JsonDocument.Parse(fromStream.Out);
        Assert.False(streamReport.RootElement.TryGetProperty("archive", out _));
        foreach (var field in new[] { "status", "customerId", "currency", "total", "lineCount", "placedAt" })
        {
            Assert.Equal(streamReport.RootElement.GetProperty(field).GetRawText(), report.RootElement.GetProperty(field).GetRawText());
        }
        var streamed = Assert.Single(streamReport.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(streamed.GetProperty("data").GetRawText(), placed.GetProperty("data").GetRawText());
        Assert.Equal(streamed.GetProperty("id").GetString(), placed.GetProperty("id").GetString());
    }

    /// <summary>
    /// The stream itself trims the order: the local cloud's clock moves past the stream's 24-hour
    /// retention, GetRecords no longer returns it, and `history` reads it from what Firehose archived
    /// before, the same history it gave from the stream.
    /// </summary>
    [Fact]
    public async Task History_StreamTrimmedPastItsRetention_ReadFromTheArchive_SameHistory()
    {
        var clock = new MovedClock();
        await using var host = Sluice.LocalCloud.Hosting.LocalCloudHost.Create(new Sluice.LocalCloud.Hosting.LocalCloudOptions { Port = 0, Clock = clock });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var deployed = await host.DeployStackAsync(new Sluice.LocalCloud.Hosting.StackDeploymentRequest(await ArchiveTemplateAsync("trimmed-orders")) { StackName = "trimmed" })
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(deployed.Succeeded, deployed.Error?.Message);
        var bucket = deployed.Outputs["ArchiveBucketName"];
        await AwsTestClients.PutAsync(host.Endpoint, "trimmed-orders", "ord-t", Placed("ord-t"));
        using var http = new HttpClient();
        var s3 = new S3Client(AwsTestClients.Options(host.Endpoint), http);
        await Poll.UntilAsync(async () => (await s3.ListObjectsV2Async(bucket, "events/", cancellationToken: TestContext.Current.CancellationToken)).Objects.Count > 0,
            () => $"nothing delivered to {bucket}", TimeSpan.FromSeconds(60));
        var before = await CliRunner.RunAsync(["history", "ord-t", "--endpoint", host.Endpoint, "--stack", "trimmed", "--json"]);

        clock.Offset = TimeSpan.FromHours(25);
        var onStream = await AwsTestClients.ReadAllAsync(host.Endpoint, "trimmed-orders");
        var after = await CliRunner.RunAsync(["history", "ord-t", "--endpoint", host.Endpoint, "--stack", "trimmed", "--json"]);
        var streamOnly = await CliRunner.RunAsync(["history", "ord-t", "--endpoint", host.Endpoint, "--stream", "trimmed-orders", "--json"]);

        Assert.Empty(onStream);
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.True(streamOnly.ExitCode != 0, streamOnly.ToString());
        Assert.Contains("no events for order 'ord-t' in stream 'trimmed-orders'", streamOnly.Error, StringComparison.Ordinal);
        using var was = JsonDocument.Parse(before.Out);
        using var now = JsonDocument.Parse(after.Out);
        Assert.False(was.RootElement.TryGetProperty("archive", out _));
        Assert.Equal(bucket, now.RootElement.GetProperty("archive").GetProperty("bucket").GetString());
        foreach (var field in new[] { "status", "customerId", "currency", "total", "lineCount", "placedAt" })
        {
            Assert.Equal(was.RootElement.GetProperty(field).GetRawText(), now.RootElement.GetProperty(field).GetRawText());
        }
        var archived = Assert.Single(now.RootElement.GetProperty("events").EnumerateArray());
        var streamed = Assert.Single(was.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(streamed.GetProperty("data").GetRawText(), archived.GetProperty("data").GetRawText());
        Assert.StartsWith("events/", archived.GetProperty("archive").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The wall clock moved on by <see cref="Offset"/>; timers run as the system's.</summary>
    private sealed class MovedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
