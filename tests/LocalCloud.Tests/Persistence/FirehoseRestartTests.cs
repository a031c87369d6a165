using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Firehose;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.S3;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>
/// Firehose on a data directory, on the service objects with a clock the tests move: the delivery
/// streams, the records a DirectPut stream buffers and the objects not yet written are there after a
/// restart, and every record reaches the bucket once. A restart here drops every object in memory and
/// opens the store again, which is what a SIGKILL leaves (each write is committed before it returns).
/// </summary>
public sealed class FirehoseRestartTests : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/firehose";
    private const string Bucket = "archive";
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private Cloud _cloud;

    public FirehoseRestartTests() => _cloud = new Cloud(_data, _clock);

    public void Dispose()
    {
        _cloud.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private void Restart()
    {
        _cloud.Dispose();
        _cloud = new Cloud(_data, _clock);
    }

    private sealed class Cloud : IDisposable
    {
        public Cloud(string data, TimeProvider clock)
        {
            Store = DurableStore.Open(data);
            Kinesis = new KinesisService(new LocalCloudOptions { Port = 0, Clock = clock, KinesisThrottling = false }, Store);
            S3 = new S3Service(new S3ServiceOptions { Clock = clock, BlobDirectory = Path.Combine(data, "s3") }, Store);
            Firehose = new FirehoseService(new FirehoseOptions("us-east-1", "000000000000", clock) { PumpInterval = null }, S3, Kinesis, null, Store);
        }

        public DurableStore Store { get; }

        public KinesisService Kinesis { get; }

        public S3Service S3 { get; }

        public FirehoseService Firehose { get; }

        public void Dispose()
        {
            Firehose.Dispose();
            Kinesis.Dispose();
            S3.Dispose();
            Store.Dispose();
        }
    }

    private static FirehoseS3Destination Destination(int intervalInSeconds) => new()
    {
        RoleArn = Role,
        BucketArn = "arn:aws:s3:::" + Bucket,
        IntervalInSeconds = intervalInSeconds,
        AppendNewline = true,
    };

    /// <summary>Every record line in the bucket's objects, object by object in key order.</summary>
    private List<string> Delivered()
    {
        var lines = new List<string>();
        foreach (var entry in _cloud.S3.ListObjects(Bucket, null, null, null, 1000).Entries)
        {
            using var read = _cloud.S3.OpenObject(Bucket, entry.Object!.Key);
            using var reader = new StreamReader(read.Body, Encoding.UTF8);
            lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return lines;
    }

    private int ObjectCount() => _cloud.S3.ListObjects(Bucket, null, null, null, 1000).Entries.Count;

    [Fact]
    public async Task DirectPut_BufferedRecordsTagsAndVersionKept_EachRecordDeliveredOnceAfterTheRestart()
    {
        _cloud.S3.CreateBucket(Bucket, null, null);
        var created = _cloud.Firehose.CreateDeliveryStream(new FirehoseStreamDefinition("orders-archive", Destination(300)) { Tags = [new("team", "orders")] });
        _cloud.Firehose.CreateDeliveryStream(new FirehoseStreamDefinition("gone", Destination(300)));
        _cloud.Firehose.PutRecordBatch("orders-archive", ["a"u8.ToArray(), "b"u8.ToArray()]);
        _cloud.Firehose.PutRecord("orders-archive", "c"u8.ToArray());
        _cloud.Firehose.PutRecord("gone", "dropped"u8.ToArray());
        _cloud.Firehose.DeleteDeliveryStream("gone");
        _cloud.Firehose.TagDeliveryStream("orders-archive", [new("stage", "dev")]);
        _cloud.Firehose.UpdateDestination("orders-archive", Destination(300) with { Prefix = "v2/" });
        _cloud.Firehose.PutRecord("orders-archive", "d"u8.ToArray());

        Restart();
        var kept = _cloud.Firehose.Stream("orders-archive");
        var names = _cloud.Firehose.ListDeliveryStreams(null, null, null).Names;
        _cloud.Firehose.PutRecord("orders-archive", "e"u8.ToArray());
        await _cloud.Firehose.PumpAsync();
        var beforeInterval = Delivered();
        _clock.Advance(TimeSpan.FromSeconds(300));
        await _cloud.Firehose.PumpAsync();

        Assert.Equal(["orders-archive"], names);
        Assert.Equal(created.Arn, kept.Arn);
        Assert.Equal(created.Created, kept.Created);
        Assert.Equal(2, kept.Version);
        Assert.Equal("v2/", kept.Definition.Destination.Prefix);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "orders", ["stage"] = "dev" }, kept.Tags);
        // a, b and c were cut by UpdateDestination and written under version 1 before the restart.
        Assert.Equal(["a", "b", "c"], beforeInterval);
        Assert.Equal(["a", "b", "c", "d", "e"], Delivered().Order().ToList());
    }

    [Fact]
    public async Task UndeliveredObject_BucketMissingAtTheRestart_WrittenOnceTheBucketExists_NotAgainAfterTheNextRestart()
    {
        _cloud.Firehose.CreateDeliveryStream(new FirehoseStreamDefinition("orders-archive", Destination(0)));
        _cloud.Firehose.PutRecordBatch("orders-archive", ["first"u8.ToArray(), "second"u8.ToArray()]);
        await _cloud.Firehose.PumpAsync();
        var error = _cloud.Firehose.Stream("orders-archive").LastError;

        Restart();
        _cloud.S3.CreateBucket(Bucket, null, null);
        await _cloud.Firehose.PumpAsync();
        var afterFirstRestart = Delivered();
        Restart();
        await _cloud.Firehose.PumpAsync();

        Assert.StartsWith("S3.NoSuchBucket", error);
        Assert.Equal(["first", "second"], afterFirstRestart);
        Assert.Equal(1, ObjectCount());
    }

    [Fact]
    public async Task KinesisSource_RecordsBufferedButNotCutAtTheRestart_ReadAgain_EveryRecordDeliveredExactlyOnce()
    {
        _cloud.S3.CreateBucket(Bucket, null, null);
        _cloud.Kinesis.CreateStream("events", 2, "PROVISIONED");
        var events = _cloud.Kinesis.Stream("events", null);
        _cloud.Kinesis.PutRecord(events, new KinesisPutEntry("before"u8.ToArray(), "k", null));
        _cloud.Firehose.CreateDeliveryStream(new FirehoseStreamDefinition("events-archive", Destination(60))
        {
            Type = "KinesisStreamAsSource",
            KinesisStreamArn = events.Arn,
            KinesisRoleArn = Role,
        });
        void Put(int from, int count) => _cloud.Kinesis.PutRecords(_cloud.Kinesis.Stream("events", null),
            Enumerable.Range(from, count).Select(i => new KinesisPutEntry(Encoding.UTF8.GetBytes($"r{i:D2}"), "key-" + i, null)).ToList());

        Put(0, 10);
        await _cloud.Firehose.PumpAsync();
        _clock.Advance(TimeSpan.FromSeconds(60));
        await _cloud.Firehose.PumpAsync();
        var firstObject = Delivered();
        Put(10, 5);
        // Read into the buffer, not yet cut: these live only in memory (and in Kinesis).
        await _cloud.Firehose.PumpAsync();

        Restart();
        Put(15, 3);
        await _cloud.Firehose.PumpAsync();
        _clock.Advance(TimeSpan.FromSeconds(60));
        await _cloud.Firehose.PumpAsync();

        var afterRestart = Delivered();
        // Twice more, each time with a record for one shard only: the other shard's place must be kept as it was.
        for (var i = 18; i < 20; i++)
        {
            Restart();
            _cloud.Kinesis.PutRecord(_cloud.Kinesis.Stream("events", null), new KinesisPutEntry(Encoding.UTF8.GetBytes($"r{i:D2}"), "one-shard", null));
            await _cloud.Firehose.PumpAsync();
            _clock.Advance(TimeSpan.FromSeconds(60));
            await _cloud.Firehose.PumpAsync();
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r{i:D2}"), firstObject.Order());
        // Nothing from before the delivery stream existed, nothing twice, nothing lost.
        Assert.Equal(Enumerable.Range(0, 18).Select(i => $"r{i:D2}"), afterRestart.Order());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"r{i:D2}"), Delivered().Order());
        Assert.Equal(4, ObjectCount());
    }

    /// <summary>The same through the AWS CLI on the standalone host, killed with SIGKILL while records wait in the buffer.</summary>
    [Fact]
    public async Task DirectPut_HostKilledWithRecordsBuffered_AwsCliSeesTheStreamAndTheRecordsReachTheBucketOnce()
    {
        AwsCli.RequireInstalled();
        var data = Directory.CreateTempSubdirectory("sluice-data-").FullName;
        try
        {
            string arn;
            using (var first = await LocalCloudProcess.StartAsync("--data-dir", data))
            {
                var aws = new AwsCli(first.Endpoint);
                await aws.JsonAsync("s3api", "create-bucket", "--bucket", Bucket);
                arn = (await aws.JsonAsync("firehose", "create-delivery-stream", "--delivery-stream-name", "orders-archive",
                    "--extended-s3-destination-configuration", $$$"""{"RoleARN":"{{{Role}}}","BucketARN":"arn:aws:s3:::{{{Bucket}}}","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":900}}""",
                    "--tags", "Key=team,Value=orders")).GetProperty("DeliveryStreamARN").GetString()!;
                var put = await aws.JsonAsync(["firehose", "put-record-batch", "--delivery-stream-name", "orders-archive", .. AwsCli.Base64BlobArgs, "--records",
                    JsonSerializer.Serialize(new[] { "one\n", "two\n", "three\n" }.Select(r => new Dictionary<string, string> { ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r)) }))]);
                Assert.Equal(0, put.GetProperty("FailedPutCount").GetInt32());
                await first.KillAsync();
            }

            using var second = await LocalCloudProcess.StartAsync("--data-dir", data);
            var again = new AwsCli(second.Endpoint);
            var described = (await again.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", "orders-archive")).GetProperty("DeliveryStreamDescription");
            var tags = (await again.JsonAsync("firehose", "list-tags-for-delivery-stream", "--delivery-stream-name", "orders-archive")).GetProperty("Tags");
            // UpdateDestination cuts what is buffered into an object under the old configuration, as AWS flushes it.
            await again.JsonAsync("firehose", "update-destination", "--delivery-stream-name", "orders-archive", "--current-delivery-stream-version-id", "1",
                "--destination-id", "destinationId-000000000001", "--extended-s3-destination-update", """{"Prefix":"after/"}""");
            JsonElement listed = default;
            await Poll.UntilAsync(async () =>
            {
                listed = await again.JsonAsync("s3api", "list-objects-v2", "--bucket", Bucket);
                return listed.TryGetProperty("Contents", out var c) && c.GetArrayLength() > 0;
            }, () => listed.ToString());
            var key = Assert.Single(listed.GetProperty("Contents").EnumerateArray()).GetProperty("Key").GetString()!;
            var file = Path.Combine(data, "got.bin");
            await again.JsonAsync("s3api", "get-object", "--bucket", Bucket, "--key", key, file);

            Assert.Equal(arn, described.GetProperty("DeliveryStreamARN").GetString());
            Assert.Equal("ACTIVE", described.GetProperty("DeliveryStreamStatus").GetString());
            Assert.Equal("team", Assert.Single(tags.EnumerateArray()).GetProperty("Key").GetString());
            Assert.Contains("/orders-archive-1-", key, StringComparison.Ordinal);
            Assert.Equal("one\ntwo\nthree\n", await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
