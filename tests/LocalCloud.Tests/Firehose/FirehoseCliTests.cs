using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Firehose;

/// <summary>Firehose through the real AWS CLI: a Kinesis stream archived to S3 with GZIP, the description AWS gives, and AWS's errors.</summary>
public sealed class FirehoseCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/firehose";
    private readonly AwsCli _aws = new(cloud.Endpoint);

    private static string Name(string kind) => $"{kind}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// On a host of its own whose clock the test moves: the buffer's 60 s interval (the least every CLI
    /// accepts) passes when the test says so.
    /// </summary>
    [Fact]
    public async Task KinesisSource_GzipArchive_RecordsArriveAsOneObjectUnderTheTimePrefix()
    {
        AwsCli.RequireInstalled();
        var clock = new FakeTimeProvider(TestClock.Start);
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, Clock = clock, KinesisThrottling = false });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var aws = new AwsCli(host.Endpoint);
        var bucket = Name("archive");
        var stream = Name("events");
        var hose = Name("events-archive");
        await aws.JsonAsync("s3api", "create-bucket", "--bucket", bucket);
        await aws.JsonAsync("kinesis", "create-stream", "--stream-name", stream, "--shard-count", "1");
        var streamArn = $"arn:aws:kinesis:us-east-1:000000000000:stream/{stream}";
        await aws.JsonAsync("firehose", "create-delivery-stream", "--delivery-stream-name", hose, "--delivery-stream-type", "KinesisStreamAsSource",
            "--kinesis-stream-source-configuration", $$"""{"KinesisStreamARN":"{{streamArn}}","RoleARN":"{{Role}}"}""",
            "--extended-s3-destination-configuration",
            $$"""{"RoleARN":"{{Role}}","BucketARN":"arn:aws:s3:::{{bucket}}","Prefix":"events/","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":60},"CompressionFormat":"GZIP"}""");
        var status = "";
        await Poll.UntilAsync(async () =>
        {
            var d = await aws.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", hose);
            status = d.GetProperty("DeliveryStreamDescription").GetProperty("DeliveryStreamStatus").GetString()!;
            return status == "ACTIVE";
        }, () => status);

        var lines = new[] { """{"order":1}""", """{"order":2}""", """{"order":3}""" };
        await aws.JsonAsync(["kinesis", "put-records", "--stream-name", stream, .. AwsCli.Base64BlobArgs, "--records",
            JsonSerializer.Serialize(lines.Select(l => new Dictionary<string, string> { ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(l + "\n")), ["PartitionKey"] = "o" }))]);
        var buffered = host.Firehose.Stream(hose);
        await Poll.UntilAsync(() => { lock (buffered.Gate) { return buffered.Buffer.Count == 3; } }, () => $"{buffered.Buffer.Count} records buffered");
        clock.Advance(TimeSpan.FromSeconds(60));
        JsonElement listed = default;
        await Poll.UntilAsync(async () =>
        {
            listed = await aws.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket);
            return listed.TryGetProperty("Contents", out var c) && c.GetArrayLength() > 0;
        }, () => listed.ToString());
        var key = Assert.Single(listed.GetProperty("Contents").EnumerateArray()).GetProperty("Key").GetString()!;
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        await aws.JsonAsync("s3api", "get-object", "--bucket", bucket, "--key", key, file);
        string text;
        await using (var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            text = await reader.ReadToEndAsync();
        }
        File.Delete(file);
        var description = (await aws.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", hose)).GetProperty("DeliveryStreamDescription");

        Assert.Matches($@"^events/2026/11/26/12/{hose}-1-2026-11-26-12-00-00-[0-9a-f-]{{36}}\.gz$", key);
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), text);
        Assert.Equal("KinesisStreamAsSource", description.GetProperty("DeliveryStreamType").GetString());
        Assert.Equal("1", description.GetProperty("VersionId").GetString());
        Assert.Equal(streamArn, description.GetProperty("Source").GetProperty("KinesisStreamSourceDescription").GetProperty("KinesisStreamARN").GetString());
        var destination = Assert.Single(description.GetProperty("Destinations").EnumerateArray());
        Assert.Equal("destinationId-000000000001", destination.GetProperty("DestinationId").GetString());
        var extended = destination.GetProperty("ExtendedS3DestinationDescription");
        Assert.Equal("GZIP", extended.GetProperty("CompressionFormat").GetString());
        Assert.Equal(1, extended.GetProperty("BufferingHints").GetProperty("SizeInMBs").GetInt32());
        Assert.Equal("NoEncryption", extended.GetProperty("EncryptionConfiguration").GetProperty("NoEncryptionConfig").GetString());
    }

    [Fact]
    public async Task DirectPut_ListTagAndErrors_AnsweredAsAwsDoes()
    {
        AwsCli.RequireInstalled();
        var hose = Name("direct");
        var destination = $$"""{"RoleARN":"{{Role}}","BucketARN":"arn:aws:s3:::nowhere","BufferingHints":{"SizeInMBs":200,"IntervalInSeconds":60} }""";
        var tooBig = await _aws.FailAsync("firehose", "create-delivery-stream", "--delivery-stream-name", hose, "--extended-s3-destination-configuration", destination);
        await _aws.JsonAsync("firehose", "create-delivery-stream", "--delivery-stream-name", hose, "--tags", "Key=team,Value=orders",
            "--s3-destination-configuration", $$"""{"RoleARN":"{{Role}}","BucketARN":"arn:aws:s3:::nowhere"}""");
        var again = await _aws.FailAsync("firehose", "create-delivery-stream", "--delivery-stream-name", hose,
            "--s3-destination-configuration", $$"""{"RoleARN":"{{Role}}","BucketARN":"arn:aws:s3:::nowhere"}""");
        var put = await _aws.JsonAsync(["firehose", "put-record-batch", "--delivery-stream-name", hose, .. AwsCli.Base64BlobArgs, "--records",
            JsonSerializer.Serialize(new[] { "a", "b" }.Select(d => new Dictionary<string, string> { ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(d)) }))]);
        var names = await _aws.JsonAsync("firehose", "list-delivery-streams", "--delivery-stream-type", "DirectPut");
        var tags = await _aws.JsonAsync("firehose", "list-tags-for-delivery-stream", "--delivery-stream-name", hose);
        var described = (await _aws.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", hose)).GetProperty("DeliveryStreamDescription");
        await _aws.JsonAsync("firehose", "update-destination", "--delivery-stream-name", hose, "--current-delivery-stream-version-id", "1",
            "--destination-id", "destinationId-000000000001", "--s3-destination-update", """{"BufferingHints":{"SizeInMBs":2,"IntervalInSeconds":120}}""");
        var stale = await _aws.FailAsync("firehose", "update-destination", "--delivery-stream-name", hose, "--current-delivery-stream-version-id", "1",
            "--destination-id", "destinationId-000000000001", "--s3-destination-update", """{"Prefix":"x/"}""");
        var updated = (await _aws.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", hose)).GetProperty("DeliveryStreamDescription");
        await _aws.JsonAsync("firehose", "delete-delivery-stream", "--delivery-stream-name", hose);
        var gone = await _aws.FailAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", hose);

        Assert.Contains("SizeInMBs", tooBig, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ResourceInUseException", again, StringComparison.Ordinal);
        Assert.Equal(0, put.GetProperty("FailedPutCount").GetInt32());
        Assert.Equal(2, put.GetProperty("RequestResponses").GetArrayLength());
        Assert.Contains(hose, names.GetProperty("DeliveryStreamNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("orders", Assert.Single(tags.GetProperty("Tags").EnumerateArray()).GetProperty("Value").GetString());
        var buffering = described.GetProperty("Destinations")[0].GetProperty("S3DestinationDescription").GetProperty("BufferingHints");
        Assert.Equal(5, buffering.GetProperty("SizeInMBs").GetInt32());
        Assert.Equal(300, buffering.GetProperty("IntervalInSeconds").GetInt32());
        Assert.Contains("ResourceNotFoundException", gone, StringComparison.Ordinal);
        Assert.Equal("2", updated.GetProperty("VersionId").GetString());
        Assert.Equal(120, updated.GetProperty("Destinations")[0].GetProperty("S3DestinationDescription").GetProperty("BufferingHints").GetProperty("IntervalInSeconds").GetInt32());
        Assert.Equal("arn:aws:s3:::nowhere", updated.GetProperty("Destinations")[0].GetProperty("S3DestinationDescription").GetProperty("BucketARN").GetString());
        Assert.Contains("ConcurrentModificationException", stale, StringComparison.Ordinal);
    }
}
