using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Firehose;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Tests.Firehose;

/// <summary>Firehose delivery on the service object: buffering, object names, Kinesis sources and retries, with a clock the tests move.</summary>
public sealed class FirehoseServiceTests : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/firehose";
    private const string Bucket = "archive";
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly KinesisService _kinesis;
    private readonly S3Service _s3;
    private readonly LogsService _logs;
    private readonly FirehoseService _firehose;

    public FirehoseServiceTests()
    {
        var options = new LocalCloudOptions { Port = 0, Clock = _clock, KinesisThrottling = false };
        _kinesis = new KinesisService(options);
        _s3 = new S3Service(new S3ServiceOptions { Clock = _clock });
        _logs = new LogsService(new LogsOptions("us-east-1", "000000000000", _clock));
        _firehose = new FirehoseService(new FirehoseOptions("us-east-1", "000000000000", _clock) { PumpInterval = null }, _s3, _kinesis, _logs);
    }

    public void Dispose()
    {
        _firehose.Dispose();
        _kinesis.Dispose();
        _s3.Dispose();
    }

    private static FirehoseS3Destination Destination(int sizeInMBs = 5, int intervalInSeconds = 300, string? prefix = null, string compression = "UNCOMPRESSED") => new()
    {
        RoleArn = Role,
        BucketArn = "arn:aws:s3:::" + Bucket,
        Prefix = prefix,
        SizeInMBs = sizeInMBs,
        IntervalInSeconds = intervalInSeconds,
        CompressionFormat = compression,
    };

    private FirehoseDeliveryStream DirectPut(FirehoseS3Destination destination, string name = "orders-archive") =>
        _firehose.CreateDeliveryStream(new FirehoseStreamDefinition(name, destination));

    private List<S3ObjectVersion> Objects() =>
        _s3.ListObjects(Bucket, null, null, null, 1000).Entries.Select(e => e.Object!).ToList();

    private byte[] Body(string key, bool gzip = false)
    {
        using var read = _s3.OpenObject(Bucket, key);
        using var copy = new MemoryStream();
        if (gzip)
        {
            using var unzip = new GZipStream(read.Body, CompressionMode.Decompress);
            unzip.CopyTo(copy);
        }
        else
        {
            read.Body.CopyTo(copy);
        }
        return copy.ToArray();
    }

    private static AwsServiceException Refused(Action action) => Assert.Throws<AwsServiceException>(action);

    [Fact]
    public async Task KinesisSource_GzipWithPrefix_DeliversRecordsPutAfterCreationConcatenatedUnderTheDefaultTimePrefix()
    {
        _s3.CreateBucket(Bucket, null, null);
        _kinesis.CreateStream("events", 2, "PROVISIONED");
        var events = _kinesis.Stream("events", null);
        _kinesis.PutRecord(events, new KinesisPutEntry(Encoding.UTF8.GetBytes("before\n"), "k0", null));
        var stream = _firehose.CreateDeliveryStream(new FirehoseStreamDefinition("events-archive", Destination(intervalInSeconds: 60, prefix: "events/", compression: "GZIP"))
        {
            Type = "KinesisStreamAsSource",
            KinesisStreamArn = events.Arn,
            KinesisRoleArn = Role,
        });
        _clock.Advance(TimeSpan.FromSeconds(5));
        var sent = Enumerable.Range(0, 40).Select(i => $"{{\"order\":{i}}}\n").ToList();
        _kinesis.PutRecords(events, sent.Select((s, i) => new KinesisPutEntry(Encoding.UTF8.GetBytes(s), "order-" + i, null)).ToList());

        await _firehose.PumpAsync();
        var beforeInterval = Objects().Count;
        Assert.Equal("ACTIVE", stream.Status);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await _firehose.PumpAsync();

        Assert.Equal(0, beforeInterval);
        var only = Assert.Single(Objects());
        // The oldest record arrived at 12:00:05: it names the hour folder and the object.
        Assert.Matches(new Regex(@"^events/2026/11/26/12/events-archive-1-2026-11-26-12-00-05-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$"), only.Key);
        var lines = Encoding.UTF8.GetString(Body(only.Key, gzip: true)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Each shard's records in order, no delimiter added, nothing from before the delivery stream existed.
        Assert.Equal(sent.Select(s => s.TrimEnd('\n')).Order(), lines.Order());
        Assert.DoesNotContain("before", lines);
        Assert.Equal("application/octet-stream", only.Headers.ContentType);
    }

    [Fact]
    public async Task KinesisSource_KeepsItsPlace_LaterRecordsGoToTheNextObjectOnly()
    {
        _s3.CreateBucket(Bucket, null, null);
        _kinesis.CreateStream("events", 1, "PROVISIONED");
        var events = _kinesis.Stream("events", null);
        _firehose.CreateDeliveryStream(new FirehoseStreamDefinition("events-archive", Destination(intervalInSeconds: 0))
        {
            Type = "KinesisStreamAsSource",
            KinesisStreamArn = events.Arn,
            KinesisRoleArn = Role,
        });

        _kinesis.PutRecord(events, new KinesisPutEntry("a|"u8.ToArray(), "k", null));
        await _firehose.PumpAsync();
        _kinesis.PutRecord(events, new KinesisPutEntry("b|"u8.ToArray(), "k", null));
        _kinesis.PutRecord(events, new KinesisPutEntry("c|"u8.ToArray(), "k", null));
        // Past the iterator's five minutes: the reader resumes after the last record it read.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await _firehose.PumpAsync();
        await _firehose.PumpAsync();

        var bodies = Objects().OrderBy(o => o.LastModified).ThenBy(o => o.Key, StringComparer.Ordinal).Select(o => Encoding.UTF8.GetString(Body(o.Key))).ToList();
        Assert.Equal(["a|", "b|c|"], bodies);
    }

    [Fact]
    public async Task DirectPut_BufferReachesSizeInMBs_OneObjectOfExactlyTheRecordsBeforeTheInterval()
    {
        _s3.CreateBucket(Bucket, null, null);
        DirectPut(Destination(sizeInMBs: 1, intervalInSeconds: 900));
        var records = Enumerable.Range(0, 3).Select(i => Enumerable.Repeat((byte)('a' + i), 400 * 1024).ToArray()).ToList();

        _firehose.PutRecordBatch("orders-archive", records.Take(2).ToList<byte[]?>());
        await _firehose.PumpAsync();
        var belowSize = Objects().Count;
        _firehose.PutRecord("orders-archive", records[2]);
        _firehose.PutRecord("orders-archive", "tail"u8.ToArray());
        await _firehose.PumpAsync();

        Assert.Equal(0, belowSize);
        var only = Assert.Single(Objects());
        Assert.Equal(records.SelectMany(r => r).ToArray(), Body(only.Key));
        Assert.Matches(@"^2026/11/26/12/orders-archive-1-2026-11-26-12-00-00-", only.Key);
    }

    [Fact]
    public async Task AppendDelimiterToRecord_ANewlineAfterEveryRecord_SoOneThatIsNotJsonHidesNothing()
    {
        _s3.CreateBucket(Bucket, null, null);
        using var configuration = System.Text.Json.JsonDocument.Parse($$$"""
            {"RoleARN":"{{{Role}}}","BucketARN":"arn:aws:s3:::{{{Bucket}}}","BufferingHints":{"IntervalInSeconds":0},
             "ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord"}]}}
            """);
        var destination = FirehoseHandler.Destination(new JsonInput(configuration.RootElement), extended: true);
        var stream = DirectPut(destination);

        _firehose.PutRecordBatch("orders-archive", ["{\"a\":1}"u8.ToArray(), "{\"broken\":"u8.ToArray(), "{\"b\":2}"u8.ToArray()]);
        await _firehose.PumpAsync();

        Assert.True(destination.AppendNewline);
        Assert.Equal("{\"a\":1}\n{\"broken\":\n{\"b\":2}\n", Encoding.UTF8.GetString(Body(Assert.Single(Objects()).Key)));
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            FirehoseDescription.Write(writer, stream);
        }
        using var described = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        var processing = described.RootElement.GetProperty("Destinations")[0].GetProperty("ExtendedS3DestinationDescription").GetProperty("ProcessingConfiguration");
        Assert.True(processing.GetProperty("Enabled").GetBoolean());
        Assert.Equal("AppendDelimiterToRecord", processing.GetProperty("Processors")[0].GetProperty("Type").GetString());
    }

    [Theory]
    [InlineData("""{"Enabled":true,"Processors":[{"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:000000000000:function:f"}]}]}""", "processor Lambda is not served")]
    [InlineData("""{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Delimiter","ParameterValue":"Cg=="}]}]}""", "AppendDelimiterToRecord's parameters are not served")]
    public void ProcessingConfiguration_OtherThanAPlainAppendDelimiter_RefusedSayingWhy(string processing, string expected)
    {
        using var configuration = System.Text.Json.JsonDocument.Parse($$$"""{"RoleARN":"{{{Role}}}","BucketARN":"arn:aws:s3:::{{{Bucket}}}","ProcessingConfiguration":{{{processing}}}}""");

        var refused = Refused(() => FirehoseHandler.Destination(new JsonInput(configuration.RootElement), extended: true));

        Assert.Equal("InvalidArgumentException", refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectPut_IntervalInSeconds_ObjectWrittenOnlyOnceTheIntervalHasPassedSinceTheFirstRecord()
    {
        _s3.CreateBucket(Bucket, null, null);
        DirectPut(Destination(intervalInSeconds: 300));
        _firehose.PutRecord("orders-archive", "one"u8.ToArray());
        _clock.Advance(TimeSpan.FromSeconds(200));
        _firehose.PutRecord("orders-archive", "two"u8.ToArray());

        _clock.Advance(TimeSpan.FromSeconds(99));
        await _firehose.PumpAsync();
        var at299 = Objects().Count;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _firehose.PumpAsync();

        Assert.Equal(0, at299);
        Assert.Equal("onetwo", Encoding.UTF8.GetString(Body(Assert.Single(Objects()).Key)));
    }

    [Fact]
    public async Task Prefix_TimestampAndRandomStringExpressions_EvaluatedWithoutTheDefaultTimePrefix()
    {
        _s3.CreateBucket(Bucket, null, null);
        DirectPut(Destination(intervalInSeconds: 0, prefix: "orders/dt=!{timestamp:yyyy'-'MM'-'dd}/h=!{timestamp:HH}/!{firehose:random-string}/") with
        {
            ErrorOutputPrefix = "failed/!{firehose:error-output-type}/!{timestamp:yyyy}/",
        });
        _firehose.PutRecord("orders-archive", "x"u8.ToArray());

        await _firehose.PumpAsync();

        Assert.Matches(@"^orders/dt=2026-11-26/h=12/[A-Za-z0-9]{11}/orders-archive-1-2026-11-26-12-00-00-[0-9a-f-]{36}$", Assert.Single(Objects()).Key);
    }

    [Fact]
    public async Task KmsEncryption_ObjectsWrittenWithSseKmsAndTheKey()
    {
        _s3.CreateBucket(Bucket, null, null);
        const string KeyArn = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        DirectPut(Destination(intervalInSeconds: 0) with { KmsKeyArn = KeyArn });
        _firehose.PutRecord("orders-archive", "secret"u8.ToArray());

        await _firehose.PumpAsync();

        var only = Assert.Single(Objects());
        Assert.Equal("aws:kms", only.Headers.ServerSideEncryption);
        Assert.Equal(KeyArn, only.Headers.SseKmsKeyId);
    }

    [Fact]
    public async Task MissingBucket_RecordsKeptAndRetriedWithBackoff_DeliveredOnceTheBucketExists_ErrorLogged()
    {
        DirectPut(Destination(intervalInSeconds: 0) with { LoggingEnabled = true, LogGroupName = "/aws/kinesisfirehose/orders-archive", LogStreamName = "DestinationDelivery" });
        _firehose.PutRecord("orders-archive", "kept"u8.ToArray());

        await _firehose.PumpAsync();
        var error = _firehose.Stream("orders-archive").LastError;
        _s3.CreateBucket(Bucket, null, null);
        await _firehose.PumpAsync();
        var duringBackoff = Objects().Count;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _firehose.PumpAsync();

        Assert.StartsWith("S3.NoSuchBucket", error);
        Assert.Equal(0, duringBackoff);
        Assert.Equal("kept", Encoding.UTF8.GetString(Body(Assert.Single(Objects()).Key)));
        var logged = _logs.FilterLogEvents(_logs.Group("/aws/kinesisfirehose/orders-archive"), null, null, null, null, null, null, null).Events;
        var line = Assert.Single(logged).Message;
        Assert.Contains("\"errorCode\":\"S3.NoSuchBucket\"", line, StringComparison.Ordinal);
        Assert.Contains("\"deliveryStreamARN\":\"arn:aws:firehose:us-east-1:000000000000:deliverystream/orders-archive\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateDestination_BufferedRecordsWrittenUnderTheOldVersion_LaterOnesUnderTheNext()
    {
        _s3.CreateBucket(Bucket, null, null);
        DirectPut(Destination(intervalInSeconds: 300, prefix: "v/"));
        _firehose.PutRecord("orders-archive", "old"u8.ToArray());

        _firehose.UpdateDestination("orders-archive", Destination(intervalInSeconds: 0, prefix: "w/"));
        _firehose.PutRecord("orders-archive", "new"u8.ToArray());
        await _firehose.PumpAsync();

        var byKey = Objects().ToDictionary(o => o.Key, o => Encoding.UTF8.GetString(Body(o.Key)));
        Assert.Equal(2, _firehose.Stream("orders-archive").Version);
        Assert.Equal("old", Assert.Single(byKey, p => p.Key.StartsWith("v/2026/11/26/12/orders-archive-1-", StringComparison.Ordinal)).Value);
        Assert.Equal("new", Assert.Single(byKey, p => p.Key.StartsWith("w/2026/11/26/12/orders-archive-2-", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void PutRecord_KinesisSourcedStream_RefusedAsAwsDoes()
    {
        _kinesis.CreateStream("events", 1, "PROVISIONED");
        _firehose.CreateDeliveryStream(new FirehoseStreamDefinition("events-archive", Destination())
        {
            Type = "KinesisStreamAsSource",
            KinesisStreamArn = _kinesis.Stream("events", null).Arn,
            KinesisRoleArn = Role,
        });

        var e = Refused(() => _firehose.PutRecord("events-archive", "x"u8.ToArray()));

        Assert.Equal("InvalidArgumentException", e.Code);
        Assert.Equal("This operation is not permitted on KinesisStreamAsSource delivery stream type.", e.Message);
    }

    [Fact]
    public void Create_BadConfigurations_RefusedWithAwsErrorCodes()
    {
        DirectPut(Destination());

        Assert.Equal("ResourceInUseException", Refused(() => DirectPut(Destination())).Code);
        Assert.Equal("ResourceNotFoundException", Refused(() => _firehose.Stream("missing")).Code);
        Assert.Equal("ValidationException", Refused(() => DirectPut(Destination(sizeInMBs: 129), "b")).Code);
        Assert.Equal("ValidationException", Refused(() => DirectPut(Destination(intervalInSeconds: 901), "c")).Code);
        Assert.Equal("InvalidArgumentException", Refused(() => DirectPut(Destination(compression: "Snappy"), "d")).Code);
        Assert.Equal("InvalidArgumentException", Refused(() => DirectPut(Destination(prefix: "x/!{timestamp:yyyy}/"), "e")).Code);
        Assert.Equal("InvalidArgumentException", Refused(() => DirectPut(Destination() with { ErrorOutputPrefix = "err/!{timestamp:yyyy}/" }, "f")).Code);
        Assert.Equal("InvalidArgumentException", Refused(() => _firehose.CreateDeliveryStream(new FirehoseStreamDefinition("g", Destination())
        {
            Type = "KinesisStreamAsSource",
            KinesisStreamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/none",
            KinesisRoleArn = Role,
        })).Code);
        Assert.Equal("ValidationException", Refused(() => _firehose.PutRecord("orders-archive", new byte[FirehoseService.MaxRecordBytes + 1])).Code);
    }
}
