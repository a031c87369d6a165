using System.Net;
using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Our clients against moto's implementation of SNS, Kinesis and Step Functions.</summary>
public sealed class MotoContractTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task Sns_PublishAndPublishBatch_AreAccepted()
    {
        var sns = new SnsClient(Options(), new HttpClient());

        var messageId = await sns.PublishAsync(
            moto.TopicArn, "{\"id\":1}", new Dictionary<string, string> { ["type"] = "order.placed" },
            cancellationToken: TestContext.Current.CancellationToken).Bounded();
        var batch = await sns.PublishBatchAsync(
            moto.TopicArn,
            [new("a-1", "one", new Dictionary<string, string> { ["type"] = "order.placed", ["subject"] = "o-1" }), new("b_2", "two é")],
            TestContext.Current.CancellationToken).Bounded();

        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.Equal(["a-1", "b_2"], batch.Successful.Select(s => s.Id));
        Assert.All(batch.Successful, s => Assert.False(string.IsNullOrEmpty(s.MessageId)));
        Assert.Empty(batch.Failed);
    }

    [Fact]
    public async Task Sns_UnknownTopic_ThrowsTypedNotFound()
    {
        var sns = new SnsClient(Options(), new HttpClient());

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => sns.PublishAsync(moto.TopicArn + "-missing", "m", cancellationToken: TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Kinesis_PutThenReadBack_ReturnsTheSameRecords()
    {
        var kinesis = new KinesisClient(Options(), new HttpClient());
        var ct = TestContext.Current.CancellationToken;

        var put = await kinesis.PutRecordsAsync(
            "orders", [new(Encoding.UTF8.GetBytes("first"), "o-1"), new([0, 1, 255], "o-2")], ct).Bounded();
        var shard = Assert.Single((await kinesis.ListShardsAsync("orders", cancellationToken: ct).Bounded()).Shards);
        var iterator = await kinesis.GetShardIteratorAsync("orders", shard.ShardId, "TRIM_HORIZON", cancellationToken: ct).Bounded();
        var read = await kinesis.GetRecordsAsync(iterator, 100, cancellationToken: ct).Bounded();

        Assert.Equal(0, put.FailedRecordCount);
        Assert.All(put.Records, r => Assert.Equal(shard.ShardId, r.ShardId));
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), read.Records.Select(r => r.SequenceNumber));
        Assert.Equal("first", Encoding.UTF8.GetString(read.Records[0].Data));
        Assert.Equal(new byte[] { 0, 1, 255 }, read.Records[1].Data);
        Assert.Equal(["o-1", "o-2"], read.Records.Select(r => r.PartitionKey));
        Assert.NotNull(read.NextShardIterator);
    }

    [Fact]
    public async Task StepFunctions_StartDescribeListHistory_RoundTrip()
    {
        var sfn = new StepFunctionsClient(Options(), new HttpClient());
        var ct = TestContext.Current.CancellationToken;
        var name = "evt-" + Guid.NewGuid().ToString("N");

        var started = await sfn.StartExecutionAsync(moto.StateMachineArn, name, "{\"orderId\":\"o-1\"}", ct).Bounded();
        var described = await sfn.DescribeExecutionAsync(started.ExecutionArn, ct).Bounded();
        var listed = await sfn.ListExecutionsAsync(moto.StateMachineArn, cancellationToken: ct).Bounded();
        var history = await sfn.GetExecutionHistoryAsync(started.ExecutionArn, cancellationToken: ct).Bounded();

        Assert.EndsWith(":" + name, started.ExecutionArn, StringComparison.Ordinal);
        Assert.InRange(started.StartDate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(name, described.Name);
        Assert.Equal("{\"orderId\":\"o-1\"}", described.Input);
        Assert.Contains(listed.Executions, e => e.ExecutionArn == started.ExecutionArn);
        Assert.NotEmpty(history.Events);
    }

    [Fact]
    public async Task StepFunctions_UnknownStateMachine_ThrowsTypedError()
    {
        var sfn = new StepFunctionsClient(Options(), new HttpClient());

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => sfn.StartExecutionAsync(moto.StateMachineArn + "-missing", "n", "{}", TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
        Assert.False(error.IsRetryable);
    }

    private AwsClientOptions Options()
    {
        if (moto.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return moto.Options;
    }
}
