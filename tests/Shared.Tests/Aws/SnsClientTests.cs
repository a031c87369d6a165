using System.Net;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class SnsClientTests
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:sluice-order-events";

    // Shapes as SNS sends them (query protocol, API 2010-03-31).
    private const string PublishResponse = """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult>
            <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId>
          </PublishResult>
          <ResponseMetadata>
            <RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId>
          </ResponseMetadata>
        </PublishResponse>
        """;

    private const string PublishBatchResponse = """
        <?xml version="1.0"?>
        <PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishBatchResult>
            <Failed>
              <member>
                <Code>InvalidParameter</Code>
                <Message>Invalid parameter: Message too long</Message>
                <Id>e3</Id>
                <SenderFault>true</SenderFault>
              </member>
              <member>
                <Code>InternalError</Code>
                <Id>e4</Id>
                <SenderFault>false</SenderFault>
              </member>
            </Failed>
            <Successful>
              <member>
                <MessageId>9b2d4b57-0e07-5b7b-a3f0-7a9e2c1d7f10</MessageId>
                <Id>e1</Id>
              </member>
              <member>
                <MessageId>c4a1f5de-58a2-5b54-9a3e-2f4e7d1b2a33</MessageId>
                <Id>e2</Id>
                <SequenceNumber>10000000000000003000</SequenceNumber>
              </member>
            </Successful>
          </PublishBatchResult>
          <ResponseMetadata>
            <RequestId>1d2f0f8e-4b3c-5d6e-8f90-a1b2c3d4e5f6</RequestId>
          </ResponseMetadata>
        </PublishBatchResponse>
        """;

    [Fact]
    public async Task PublishAsync_WithAttributes_SendsSignedQueryRequest()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, PublishResponse);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var messageId = await sns.PublishAsync(
            TopicArn,
            "{\"id\":\"a b&c\"}",
            new Dictionary<string, string> { ["type"] = "order.placed", ["subject"] = "o-1" },
            cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("567910cd-659e-55d4-8ccb-5aaf14679dc0", messageId);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://sns.eu-west-1.amazonaws.com/", request.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Header("Content-Type"));
        Assert.Null(request.Header("X-Amz-Target"));
        Assert.Equal(
            "Action=Publish&Version=2010-03-31"
            + "&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Asluice-order-events"
            + "&Message=%7B%22id%22%3A%22a%20b%26c%22%7D"
            + "&MessageAttributes.entry.1.Name=subject&MessageAttributes.entry.1.Value.DataType=String"
            + "&MessageAttributes.entry.1.Value.StringValue=o-1"
            + "&MessageAttributes.entry.2.Name=type&MessageAttributes.entry.2.Value.DataType=String"
            + "&MessageAttributes.entry.2.Value.StringValue=order.placed",
            request.BodyText);
        Assert.Equal("20261126T120000Z", request.Header("X-Amz-Date"));
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-west-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=",
            request.Header("Authorization"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_FifoIds_SendsGroupAndDeduplicationIds()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, PublishResponse);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        await sns.PublishAsync(TopicArn + ".fifo", "m", null, "group-1", "dedup-1", TestContext.Current.CancellationToken).Bounded();

        var form = handler.Requests[0].Form();
        Assert.Equal(
            ["Action", "Version", "TopicArn", "Message", "MessageGroupId", "MessageDeduplicationId"],
            form.Select(f => f.Key));
        Assert.Equal("group-1", form[4].Value);
        Assert.Equal("dedup-1", form[5].Value);
    }

    [Fact]
    public async Task PublishBatchAsync_TwoEntries_EncodesMembersAndAttributes()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, PublishBatchResponse);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        await sns.PublishBatchAsync(
            TopicArn,
            [
                new PublishBatchRequestEntry("e1", "first", new Dictionary<string, string> { ["type"] = "order.placed", ["subject"] = "o-1" }),
                new PublishBatchRequestEntry("e2", "second"),
            ],
            TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(
            new KeyValuePair<string, string>[]
            {
                new("Action", "PublishBatch"),
                new("Version", "2010-03-31"),
                new("TopicArn", TopicArn),
                new("PublishBatchRequestEntries.member.1.Id", "e1"),
                new("PublishBatchRequestEntries.member.1.Message", "first"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name", "subject"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType", "String"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue", "o-1"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Name", "type"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.DataType", "String"),
                new("PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.StringValue", "order.placed"),
                new("PublishBatchRequestEntries.member.2.Id", "e2"),
                new("PublishBatchRequestEntries.member.2.Message", "second"),
            },
            handler.Requests[0].Form());
    }

    [Fact]
    public async Task PublishBatchAsync_MixedResponse_ParsesSuccessfulAndFailed()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, PublishBatchResponse);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sns.PublishBatchAsync(
            TopicArn,
            [new("e1", "1"), new("e2", "2"), new("e3", "3"), new("e4", "4")],
            TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(
            [new("e1", "9b2d4b57-0e07-5b7b-a3f0-7a9e2c1d7f10", null), new("e2", "c4a1f5de-58a2-5b54-9a3e-2f4e7d1b2a33", "10000000000000003000")],
            result.Successful);
        Assert.Equal(
            [new("e3", "InvalidParameter", "Invalid parameter: Message too long", true), new("e4", "InternalError", null, false)],
            result.Failed);
    }

    [Fact]
    public async Task PublishBatchAsync_NothingFailed_ReturnsEmptyFailedList()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, """
            <PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishBatchResult><Failed/><Successful><member><MessageId>m-1</MessageId><Id>1</Id></member></Successful></PublishBatchResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </PublishBatchResponse>
            """);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sns.PublishBatchAsync(TopicArn, [new("1", "x")], TestContext.Current.CancellationToken).Bounded();

        Assert.Empty(result.Failed);
        Assert.Equal("m-1", Assert.Single(result.Successful).MessageId);
    }

    [Fact]
    public async Task PublishBatchAsync_TopicMissing_ThrowsTypedNotFound()
    {
        // Code, message and status as recorded against real SNS (aws-recorded/sns, publish-batch-no-topic).
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error>
                <Type>Sender</Type>
                <Code>NotFound</Code>
                <Message>Topic does not exist</Message>
              </Error>
              <RequestId>8c3b6c36-6c6f-5b0e-9f5e-2a1a0c4a7d11</RequestId>
            </ErrorResponse>
            """);
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => sns.PublishBatchAsync(TopicArn, [new("1", "x")], TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal("Topic does not exist", error.ServiceMessage);
        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("8c3b6c36-6c6f-5b0e-9f5e-2a1a0c4a7d11", error.RequestId);
        Assert.False(error.IsRetryable);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task PublishBatchAsync_WrongEntryCount_ThrowsBeforeSending(int count)
    {
        var handler = new RecordingHandler();
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));
        var entries = Enumerable.Range(1, count).Select(i => new PublishBatchRequestEntry($"e{i}", "m")).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sns.PublishBatchAsync(TopicArn, entries, TestContext.Current.CancellationToken).Bounded());

        Assert.Contains("1 to 10 entries", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("msg@123#test")]
    [InlineData("has space")]
    [InlineData("an-id-that-is-longer-than-eighty-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task PublishBatchAsync_IdSnsWouldReject_ThrowsBeforeSending(string id)
    {
        var handler = new RecordingHandler();
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sns.PublishBatchAsync(TopicArn, [new(id, "1")], TestContext.Current.CancellationToken).Bounded());

        Assert.Contains($"'{id}' must be 1 to 80", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task PublishBatchAsync_DuplicateIds_ThrowsBeforeSending()
    {
        var handler = new RecordingHandler();
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sns.PublishBatchAsync(TopicArn, [new("a", "1"), new("b", "2"), new("a", "3")], TestContext.Current.CancellationToken).Bounded());

        Assert.Contains("'a' appears twice", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }
}
