using System.Net;
using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class KinesisClientTests
{
    private const string StreamArn = "arn:aws:kinesis:eu-west-1:123456789012:stream/sluice-orders";

    [Fact]
    public async Task PutRecordsAsync_ByName_SendsJson11RequestWithBase64Data()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """
            {"FailedRecordCount":1,"Records":[
              {"SequenceNumber":"49546986683135544286507457936321625675700192471156785154","ShardId":"shardId-000000000000"},
              {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded for shard shardId-000000000001 in stream sluice-orders under account 123456789012."}
            ],"EncryptionType":"NONE"}
            """);
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        var result = await kinesis.PutRecordsAsync(
            "sluice-orders",
            [
                new PutRecordsRequestEntry(Encoding.UTF8.GetBytes("{\"id\":1}"), "o-1"),
                new PutRecordsRequestEntry([0, 255], "o-2", "170141183460469231731687303715884105728"),
            ],
            TestContext.Current.CancellationToken).Bounded();

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://kinesis.eu-west-1.amazonaws.com/", request.Uri.ToString());
        Assert.Equal("Kinesis_20131202.PutRecords", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Equal(
            """{"StreamName":"sluice-orders","Records":[{"Data":"eyJpZCI6MX0=","PartitionKey":"o-1"},{"Data":"AP8=","PartitionKey":"o-2","ExplicitHashKey":"170141183460469231731687303715884105728"}]}""",
            request.BodyText);
        Assert.Contains("/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,", request.Header("Authorization"), StringComparison.Ordinal);

        Assert.Equal(1, result.FailedRecordCount);
        Assert.Equal("shardId-000000000000", result.Records[0].ShardId);
        Assert.Equal("49546986683135544286507457936321625675700192471156785154", result.Records[0].SequenceNumber);
        Assert.Null(result.Records[0].ErrorCode);
        Assert.Equal("ProvisionedThroughputExceededException", result.Records[1].ErrorCode);
        Assert.Null(result.Records[1].SequenceNumber);
        Assert.Equal("NONE", result.EncryptionType);
    }

    [Fact]
    public async Task PutRecordsAsync_ByArn_SendsStreamArn()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"1","ShardId":"shardId-000000000000"}]}""");
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        await kinesis.PutRecordsAsync(StreamArn, [new([1], "k")], TestContext.Current.CancellationToken).Bounded();

        Assert.Equal($$"""{"StreamARN":"{{StreamArn}}","Records":[{"Data":"AQ==","PartitionKey":"k"}]}""", handler.Requests[0].BodyText);
    }

    [Fact]
    public async Task PutRecordsAsync_StreamMissing_ThrowsTypedError()
    {
        // Body as recorded against real Kinesis (aws-recorded/kinesis, test_cbor_exceptions).
        var handler = new RecordingHandler().RespondJson(
            HttpStatusCode.BadRequest,
            """{"__type":"ResourceNotFoundException","message":"Stream wrong-stream-name under account 111111111111 not found."}""",
            ("x-amzn-RequestId", "c1d2e3f4-0000-1111-2222-333344445555"));
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => kinesis.PutRecordsAsync("wrong-stream-name", [new([1], "k")], TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("Stream wrong-stream-name under account 111111111111 not found.", error.ServiceMessage);
        Assert.Equal("c1d2e3f4-0000-1111-2222-333344445555", error.RequestId);
        Assert.False(error.IsThrottling);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task PutRecordsAsync_WrongRecordCount_ThrowsBeforeSending(int count)
    {
        var handler = new RecordingHandler();
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));
        var records = Enumerable.Range(0, count).Select(_ => new PutRecordsRequestEntry([1], "k")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(
            () => kinesis.PutRecordsAsync("s", records, TestContext.Current.CancellationToken).Bounded());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ListShardsAsync_FirstPageThenNext_SendsStreamOnlyOnFirst()
    {
        var page = """
            {"Shards":[{"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},
              "SequenceNumberRange":{"StartingSequenceNumber":"49546986683135544286507457935754639466300920667981217794"}}],"NextToken":"AAAA"}
            """;
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, page).RespondJson(HttpStatusCode.OK, "{}");
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        var first = await kinesis.ListShardsAsync("sluice-orders", cancellationToken: TestContext.Current.CancellationToken).Bounded();
        var second = await kinesis.ListShardsAsync("sluice-orders", first.NextToken, 100, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("Kinesis_20131202.ListShards", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal("""{"StreamName":"sluice-orders"}""", handler.Requests[0].BodyText);
        Assert.Equal("""{"NextToken":"AAAA","MaxResults":100}""", handler.Requests[1].BodyText);
        var shard = Assert.Single(first.Shards);
        Assert.Equal("340282366920938463463374607431768211455", shard.HashKeyRange.EndingHashKey);
        Assert.Null(shard.SequenceNumberRange.EndingSequenceNumber);
        Assert.Empty(second.Shards);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task GetShardIteratorAsync_AtTimestamp_SendsEpochSeconds()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """{"ShardIterator":"AAAAAAAAAAETYyAYzd665+8e0X7JTsASDM/Hr2rSwc0X2qz93iuA3udrjTH+ikQvpQk/1ZcMMLzRdAesqwBGPnsthzU0/CBlM/U8/8oEqGwX3pKw0XyeDNRAAZyXBo3MqkQtCpXhr942BRTjvWKhFz7OmCb2Ncfr8Tl2cBktooi6kJhr+djN5WYkB38Rr3akRgCl9qaU4dY="}""");
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        var iterator = await kinesis.GetShardIteratorAsync(
            StreamArn, "shardId-000000000000", "AT_TIMESTAMP", timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1764158400250),
            cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.StartsWith("AAAAAAAAAAETYyAY", iterator, StringComparison.Ordinal);
        Assert.Equal("Kinesis_20131202.GetShardIterator", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal(
            $$"""{"StreamARN":"{{StreamArn}}","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1764158400.25}""",
            handler.Requests[0].BodyText);
    }

    [Fact]
    public async Task GetRecordsAsync_Records_DecodesDataAndArrivalTime()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """
            {"Records":[{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ApproximateArrivalTimestamp":1.764158400123E9,
              "Data":"SGVsbG8gd29ybGRfMA==","PartitionKey":"1"}],
             "NextShardIterator":"next-it","MillisBehindLatest":2100}
            """);
        var kinesis = new KinesisClient(TestAws.Options(), TestAws.Http(handler));

        var result = await kinesis.GetRecordsAsync("it-1", 25, cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("Kinesis_20131202.GetRecords", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal("""{"ShardIterator":"it-1","Limit":25}""", handler.Requests[0].BodyText);
        var record = Assert.Single(result.Records);
        Assert.Equal("Hello world_0", Encoding.UTF8.GetString(record.Data));
        Assert.Equal("1", record.PartitionKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158400123), record.ApproximateArrivalTimestamp);
        Assert.Equal("next-it", result.NextShardIterator);
        Assert.Equal(2100, result.MillisBehindLatest);
    }
}
