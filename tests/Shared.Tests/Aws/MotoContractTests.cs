using System.Net;
using System.Text;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;
using Sluice.Shared.Aws.CloudWatch;
using Sluice.Shared.Aws.Lambda;
using Sluice.Shared.Aws.Sqs;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Our clients against moto's implementation of SNS, Kinesis, Step Functions, SQS, CloudFormation, Lambda and CloudWatch.</summary>
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

    [Fact]
    public async Task Sqs_ReceiveChangeVisibilityDelete_SettlesEveryMessage()
    {
        var sqs = new SqsClient(Options(), new HttpClient());
        var ct = TestContext.Current.CancellationToken;

        var url = await sqs.GetQueueUrlAsync("rejected", cancellationToken: ct).Bounded();
        var before = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "QueueArn"], ct).Bounded();
        var received = await sqs.ReceiveMessageAsync(url, 10, waitTimeSeconds: 0, visibilityTimeout: 30, messageAttributeNames: ["All"],
            systemAttributeNames: ["ApproximateReceiveCount"], cancellationToken: ct).Bounded();
        await sqs.ChangeMessageVisibilityAsync(url, received[0].ReceiptHandle, 0, ct).Bounded();
        var again = await sqs.ReceiveMessageAsync(url, 10, waitTimeSeconds: 0, cancellationToken: ct).Bounded();
        await sqs.DeleteMessageAsync(url, again[0].ReceiptHandle, ct).Bounded();
        var batch = await sqs.DeleteMessageBatchAsync(url,
            [new("one", received[1].ReceiptHandle), new("two", received[2].ReceiptHandle), new("bad", "not-a-handle")], ct).Bounded();
        var after = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], ct).Bounded();

        Assert.Equal(moto.QueueUrl, url);
        Assert.Equal("3", before["ApproximateNumberOfMessages"]);
        Assert.EndsWith(":rejected", before["QueueArn"], StringComparison.Ordinal);
        Assert.Equal(["message 0", "message 1", "message 2"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(received, m => Assert.Equal("sluice.ingest.rejected", m.MessageAttributes!["type"].StringValue));
        Assert.All(received, m => Assert.Equal("1", m.Attributes!["ApproximateReceiveCount"]));
        Assert.Equal(received[0].MessageId, Assert.Single(again).MessageId);
        Assert.Equal(["one", "two"], batch.Successful);
        Assert.Equal("bad", Assert.Single(batch.Failed).Id);
        Assert.Equal("0", after["ApproximateNumberOfMessages"]);
        Assert.Equal("0", after["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task Sqs_UnknownQueue_ThrowsTypedError()
    {
        var sqs = new SqsClient(Options(), new HttpClient());

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sqs.GetQueueUrlAsync("missing", cancellationToken: TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("QueueDoesNotExist", error.ErrorCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task CloudFormation_ChangeSetCreatesAStack_ThenReadAndDeleted()
    {
        var cfn = new CloudFormationClient(Options(), new HttpClient());
        var ct = TestContext.Current.CancellationToken;
        var stack = "s" + Guid.NewGuid().ToString("N")[..8];
        const string Template = """
            {"Parameters":{"Stage":{"Type":"String"}},
             "Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Fn::Sub":"${AWS::StackName}-${Stage}"}}}},
             "Outputs":{"QueueUrl":{"Value":{"Ref":"Queue"}}}}
            """;

        var created = await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = stack,
            ChangeSetName = "first",
            ChangeSetType = "CREATE",
            TemplateBody = Template,
            Parameters = [new("Stage", "dev")],
        }, ct).WaitAsync(TimeSpan.FromSeconds(90), ct); // moto loads its CloudFormation resource models on first use: seconds on a busy machine
        var changeSet = await cfn.DescribeChangeSetAllChangesAsync("first", stack, ct).Bounded();
        var listed = await cfn.ListChangeSetsAsync(stack, cancellationToken: ct).Bounded();
        await cfn.ExecuteChangeSetAsync("first", stack, cancellationToken: ct).Bounded();
        var described = await cfn.FindStackAsync(stack, ct).Bounded();
        var resources = new List<StackResourceSummary>();
        await foreach (var page in cfn.ListStackResourcesPagesAsync(stack, ct))
        {
            resources.AddRange(page.Items);
        }

        var events = (await cfn.DescribeStackEventsAsync(stack, cancellationToken: ct).Bounded()).Items;
        var template = await cfn.GetTemplateAsync(stack, cancellationToken: ct).Bounded();
        await cfn.DeleteStackAsync(stack, cancellationToken: ct).Bounded();
        var deleted = await cfn.DescribeStacksAsync(created.StackId, cancellationToken: ct).Bounded();

        Assert.StartsWith("arn:aws:cloudformation:eu-west-1:", created.Id, StringComparison.Ordinal);
        Assert.Equal("first", changeSet.ChangeSetName);
        Assert.Equal("Queue", Assert.Single(changeSet.Changes).LogicalResourceId);
        Assert.Equal("Add", changeSet.Changes[0].Action);
        Assert.Contains(listed.Items, c => c.ChangeSetName == "first");
        Assert.NotNull(described);
        Assert.Equal("CREATE_COMPLETE", described.StackStatus);
        var queue = Assert.Single(resources);
        Assert.Equal(("Queue", "AWS::SQS::Queue", "CREATE_COMPLETE"), (queue.LogicalResourceId, queue.ResourceType, queue.ResourceStatus));
        Assert.EndsWith($"/{stack}-dev", queue.PhysicalResourceId, StringComparison.Ordinal);
        Assert.Equal(["CREATE_COMPLETE", "CREATE_IN_PROGRESS", "REVIEW_IN_PROGRESS"],
            events.Where(e => e.ResourceType == "AWS::CloudFormation::Stack").Select(e => e.ResourceStatus));
        Assert.Contains("AWS::SQS::Queue", template.TemplateBody, StringComparison.Ordinal);
        Assert.Equal("DELETE_COMPLETE", Assert.Single(deleted.Items).StackStatus);
        Assert.Null(await cfn.FindStackAsync(stack, ct).Bounded());
    }

    [Fact]
    public async Task Lambda_ListFunctions_EveryFunctionWithItsSettingsAndDefaultLogGroup()
    {
        var lambda = new LambdaClient(Options(), new HttpClient());
        var functions = new List<FunctionSummary>();
        await foreach (var f in lambda.ListAllFunctionsAsync(TestContext.Current.CancellationToken))
        {
            functions.Add(f);
        }

        Assert.Equal(["orders-ingest", "orders-processor"], functions.Select(f => f.FunctionName).Order(StringComparer.Ordinal));
        var processor = functions.Single(f => f.FunctionName == "orders-processor");
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:orders-processor", processor.FunctionArn);
        Assert.Equal(("provided.al2023", 512, 10), (processor.Runtime, processor.MemorySize, processor.Timeout));
        Assert.Equal("/aws/lambda/orders-processor", processor.LogGroup);
    }

    [Fact]
    public async Task CloudWatch_GetMetricData_OneHourPeriodSumsTheValues()
    {
        var cloudWatch = new CloudWatchClient(Options(), new HttpClient());
        var end = DateTimeOffset.UtcNow.AddMinutes(1);
        var dimensions = new Dictionary<string, string> { ["FunctionName"] = "orders-ingest" };

        var values = await cloudWatch.GetMetricDataAsync(
            [new("inv", "AWS/Lambda", "Invocations", dimensions, 3600, "Sum"), new("most", "AWS/Lambda", "Invocations", dimensions, 3600, "Maximum"),
             new("none", "AWS/Lambda", "Errors", dimensions, 3600, "Sum")],
            end.AddHours(-1), end, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(7, values["inv"].Sum(v => v.Value));
        Assert.Equal(4, values["most"].Max(v => v.Value));
        Assert.Empty(values["none"]);
        Assert.All(values["inv"], v => Assert.InRange(v.Timestamp, end.AddHours(-1).AddMinutes(-1), end));
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
