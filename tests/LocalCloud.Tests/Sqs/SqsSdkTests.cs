using System.Diagnostics;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>SQS through the real AWSSDK.SQS client (AWS JSON 1.0; the SDK checks every MD5 it is given).</summary>
public sealed class SqsSdkTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly AmazonSQSClient _sqs = new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = cloud.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public void Dispose() => _sqs.Dispose();

    private async Task<string> NewQueueAsync(Dictionary<string, string>? attributes = null, bool fifo = false)
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..12] + (fifo ? ".fifo" : "");
        var request = new CreateQueueRequest { QueueName = name, Attributes = attributes ?? [] };
        if (fifo)
        {
            request.Attributes["FifoQueue"] = "true";
        }
        return (await _sqs.CreateQueueAsync(request).WaitAsync(s_timeout)).QueueUrl;
    }

    [Fact]
    public async Task CreateQueue_ThenGetUrlListAndAttributes_DescribeTheSameQueue()
    {
        var url = await NewQueueAsync(new() { ["VisibilityTimeout"] = "45", ["DelaySeconds"] = "2" });
        var name = url[(url.LastIndexOf('/') + 1)..];

        var byName = await _sqs.GetQueueUrlAsync(name).WaitAsync(s_timeout);
        var listed = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = name }).WaitAsync(s_timeout);
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["All"]).WaitAsync(s_timeout);

        Assert.Equal(url, byName.QueueUrl);
        Assert.Equal([url], listed.QueueUrls);
        Assert.Equal("45", attributes.Attributes["VisibilityTimeout"]);
        Assert.Equal("2", attributes.Attributes["DelaySeconds"]);
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", attributes.Attributes["QueueArn"]);
    }

    [Fact]
    public async Task CreateQueue_SameNameDifferentAttributes_ThrowsQueueNameExists()
    {
        var url = await NewQueueAsync(new() { ["DelaySeconds"] = "1" });
        var name = url[(url.LastIndexOf('/') + 1)..];

        var same = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["DelaySeconds"] = "1" } }).WaitAsync(s_timeout);
        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() =>
            _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["DelaySeconds"] = "2" } }).WaitAsync(s_timeout));

        Assert.Equal(url, same.QueueUrl);
        Assert.Contains("DelaySeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_WithEveryAttributeType_SdkAcceptsMd5sAndReceivesAttributes()
    {
        var url = await NewQueueAsync();
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "héllo \u2603 wörld",
            MessageAttributes = new()
            {
                ["s"] = new MessageAttributeValue { DataType = "String", StringValue = "text" },
                ["n"] = new MessageAttributeValue { DataType = "Number", StringValue = "12.5" },
                ["b"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3, 255]) },
                ["c"] = new MessageAttributeValue { DataType = "String.custom", StringValue = "custom" },
            },
        }).WaitAsync(s_timeout);

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }).WaitAsync(s_timeout);

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("héllo \u2603 wörld", message.Body);
        Assert.Equal(sent.MD5OfMessageAttributes, message.MD5OfMessageAttributes);
        Assert.Equal("12.5", message.MessageAttributes["n"].StringValue);
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, message.MessageAttributes["b"].BinaryValue.ToArray());
        Assert.Equal("String.custom", message.MessageAttributes["c"].DataType);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.True(message.Attributes.ContainsKey("SentTimestamp"));
    }

    [Fact]
    public async Task ReceiveMessage_SelectedAttributes_ReturnsOnlyThoseWithMatchingMd5()
    {
        var url = await NewQueueAsync();
        await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "x",
            MessageAttributes = new()
            {
                ["order.id"] = new MessageAttributeValue { DataType = "String", StringValue = "1" },
                ["order.kind"] = new MessageAttributeValue { DataType = "String", StringValue = "k" },
                ["other"] = new MessageAttributeValue { DataType = "Number", StringValue = "3" },
            },
        }).WaitAsync(s_timeout);

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["order.*"] }).WaitAsync(s_timeout);

        Assert.Equal(["order.id", "order.kind"], Assert.Single(received.Messages).MessageAttributes.Keys.Order());
    }

    [Fact]
    public async Task ReceiveMessage_AfterVisibilityTimeout_ReturnsMessageAgainWithHigherReceiveCount()
    {
        var url = await NewQueueAsync();
        await _sqs.SendMessageAsync(url, "again").WaitAsync(s_timeout);

        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1 }).WaitAsync(s_timeout);
        var hidden = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }).WaitAsync(s_timeout);
        var second = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5, MessageSystemAttributeNames = ["ApproximateReceiveCount"] }).WaitAsync(s_timeout);

        Assert.Single(first.Messages);
        Assert.True(hidden.Messages is null || hidden.Messages.Count == 0);
        var again = Assert.Single(second.Messages);
        Assert.Equal("2", again.Attributes["ApproximateReceiveCount"]);
        Assert.NotEqual(first.Messages[0].ReceiptHandle, again.ReceiptHandle);
    }

    [Fact]
    public async Task ReceiveMessage_PastMaxReceiveCount_MovesMessageToDeadLetterQueue()
    {
        var dlqUrl = await NewQueueAsync();
        var dlqArn = (await _sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"]).WaitAsync(s_timeout)).Attributes["QueueArn"];
        var url = await NewQueueAsync(new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"2"}""" });
        var sent = await _sqs.SendMessageAsync(url, "poison").WaitAsync(s_timeout);

        for (var i = 0; i < 2; i++)
        {
            var r = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }).WaitAsync(s_timeout);
            Assert.Single(r.Messages);
        }
        var third = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }).WaitAsync(s_timeout);
        var dead = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MessageSystemAttributeNames = ["All"] }).WaitAsync(s_timeout);

        Assert.True(third.Messages is null || third.Messages.Count == 0);
        var moved = Assert.Single(dead.Messages);
        Assert.Equal(sent.MessageId, moved.MessageId);
        Assert.Equal("poison", moved.Body);
        Assert.Equal(url.Split('/')[^1], moved.Attributes["DeadLetterQueueSourceArn"].Split(':')[^1]);
    }

    [Fact]
    public async Task ReceiveMessage_LongPoll_ReturnsAsSoonAsAMessageArrives()
    {
        var url = await NewQueueAsync();
        var watch = Stopwatch.StartNew();
        var receive = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 10 });
        await Task.Delay(300);
        await _sqs.SendMessageAsync(url, "wake").WaitAsync(s_timeout);

        var result = await receive.WaitAsync(s_timeout);

        Assert.Equal("wake", Assert.Single(result.Messages).Body);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"long poll took {watch.Elapsed}");
    }

    [Fact]
    public async Task ReceiveMessage_EmptyQueueWithWait_WaitsThenReturnsNothing()
    {
        var url = await NewQueueAsync();
        var watch = Stopwatch.StartNew();

        var result = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }).WaitAsync(s_timeout);

        Assert.True(result.Messages is null || result.Messages.Count == 0);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"returned after {watch.Elapsed}");
    }

    [Fact]
    public async Task SendMessage_WithDelay_IsDelayedUntilTheDelayPasses()
    {
        var url = await NewQueueAsync();
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 1 }).WaitAsync(s_timeout);

        var early = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }).WaitAsync(s_timeout);
        var counts = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessagesDelayed"]).WaitAsync(s_timeout);
        var late = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 }).WaitAsync(s_timeout);

        Assert.True(early.Messages is null || early.Messages.Count == 0);
        Assert.Equal("1", counts.Attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("later", Assert.Single(late.Messages).Body);
    }

    [Fact]
    public async Task Fifo_GroupInFlight_BlocksGroupButNotOthersAndDeduplicates()
    {
        var url = await NewQueueAsync(fifo: true);
        async Task<SendMessageResponse> Send(string body, string group, string dedup) =>
            await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup }).WaitAsync(s_timeout);
        var a1 = await Send("a1", "A", "1");
        await Send("a2", "A", "2");
        await Send("b1", "B", "3");
        var duplicate = await Send("a1-again", "A", "1");

        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 1 }).WaitAsync(s_timeout);
        var second = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 }).WaitAsync(s_timeout);
        await _sqs.DeleteMessageAsync(url, first.Messages[0].ReceiptHandle).WaitAsync(s_timeout);
        var third = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, MessageSystemAttributeNames = ["All"] }).WaitAsync(s_timeout);

        Assert.Equal(a1.MessageId, duplicate.MessageId);
        Assert.Equal("a1", Assert.Single(first.Messages).Body);
        Assert.Equal("b1", Assert.Single(second.Messages).Body);
        var next = Assert.Single(third.Messages);
        Assert.Equal("a2", next.Body);
        Assert.Equal("A", next.Attributes["MessageGroupId"]);
        Assert.True(decimal.Parse(a1.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture) < decimal.Parse(next.Attributes["SequenceNumber"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fifo_MissingGroupId_ThrowsMissingParameter()
    {
        var url = await NewQueueAsync(fifo: true);

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() =>
            _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageDeduplicationId = "d" }).WaitAsync(s_timeout));

        Assert.Equal("The request must contain the parameter MessageGroupId.", error.Message);
    }

    [Fact]
    public async Task Batches_SendChangeVisibilityDelete_ReportPerEntryResults()
    {
        var url = await NewQueueAsync();
        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = url,
            Entries =
            [
                new() { Id = "one", MessageBody = "1" },
                new() { Id = "two", MessageBody = "2", MessageAttributes = new() { ["k"] = new MessageAttributeValue { DataType = "Number", StringValue = "7" } } },
                new() { Id = "bad", MessageBody = "3", MessageAttributes = new() { ["e"] = new MessageAttributeValue { DataType = "String", StringValue = "" } } },
            ],
        }).WaitAsync(s_timeout);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 }).WaitAsync(s_timeout);
        var changed = await _sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
        {
            QueueUrl = url,
            Entries = [.. received.Messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = "c" + i, ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 60 })],
        }).WaitAsync(s_timeout);
        var deleted = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = url,
            Entries = [.. received.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i, ReceiptHandle = m.ReceiptHandle })],
        }).WaitAsync(s_timeout);
        var counts = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]).WaitAsync(s_timeout);

        Assert.Equal(["one", "two"], sent.Successful.Select(s => s.Id).Order());
        var failed = Assert.Single(sent.Failed);
        Assert.Equal("bad", failed.Id);
        Assert.True(failed.SenderFault);
        Assert.Equal("InvalidParameterValue", failed.Code);
        Assert.Equal(2, received.Messages.Count);
        Assert.Equal(2, changed.Successful.Count);
        Assert.Equal(2, deleted.Successful.Count);
        Assert.Equal("0", counts.Attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("0", counts.Attributes["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task SendMessageBatch_ElevenEntries_ThrowsTooManyEntries()
    {
        var url = await NewQueueAsync();

        await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(() => _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = url,
            Entries = [.. Enumerable.Range(0, 11).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "x" })],
        }).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task ChangeMessageVisibility_MessageNotInFlight_ThrowsMessageNotInflight()
    {
        var url = await NewQueueAsync();
        await _sqs.SendMessageAsync(url, "x").WaitAsync(s_timeout);
        var handle = (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }).WaitAsync(s_timeout)).Messages[0].ReceiptHandle;

        await Assert.ThrowsAsync<MessageNotInflightException>(() => _sqs.ChangeMessageVisibilityAsync(url, handle, 10).WaitAsync(s_timeout));
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.DeleteMessageAsync(url, "not-a-handle").WaitAsync(s_timeout));
    }

    [Fact]
    public async Task PurgeQueue_RemovesMessagesAndRefusesASecondPurgeWithinAMinute()
    {
        var url = await NewQueueAsync();
        await _sqs.SendMessageAsync(url, "x").WaitAsync(s_timeout);

        await _sqs.PurgeQueueAsync(url).WaitAsync(s_timeout);
        var counts = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"]).WaitAsync(s_timeout);

        Assert.Equal("0", counts.Attributes["ApproximateNumberOfMessages"]);
        await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => _sqs.PurgeQueueAsync(url).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task SetQueueAttributes_ThenGet_ReturnsNewValuesAndRejectsUnknownNames()
    {
        var url = await NewQueueAsync();

        await _sqs.SetQueueAttributesAsync(url, new() { ["VisibilityTimeout"] = "5", ["MessageRetentionPeriod"] = "120" }).WaitAsync(s_timeout);
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["VisibilityTimeout", "MessageRetentionPeriod"]).WaitAsync(s_timeout);

        Assert.Equal("5", attributes.Attributes["VisibilityTimeout"]);
        Assert.Equal("120", attributes.Attributes["MessageRetentionPeriod"]);
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => _sqs.SetQueueAttributesAsync(url, new() { ["Nope"] = "1" }).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DeleteQueue_ThenUse_ThrowsQueueDoesNotExist()
    {
        var url = await NewQueueAsync();

        await _sqs.DeleteQueueAsync(url).WaitAsync(s_timeout);

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.SendMessageAsync(url, "x").WaitAsync(s_timeout));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync(url.Split('/')[^1]).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task SendMessage_WithTraceHeader_SdkAcceptsSystemAttributeMd5AndReceivesIt()
    {
        var url = await NewQueueAsync();

        var sent = await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "traced",
            MessageSystemAttributes = new() { ["AWSTraceHeader"] = new MessageSystemAttributeValue { DataType = "String", StringValue = "Root=1-5759e988-bd862e3fe1be46a994272793" } },
        }).WaitAsync(s_timeout);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["AWSTraceHeader"] }).WaitAsync(s_timeout);

        Assert.NotNull(sent.MD5OfMessageSystemAttributes);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", Assert.Single(received.Messages).Attributes["AWSTraceHeader"]);
    }

    [Fact]
    public async Task ListQueues_WithMaxResults_PagesWithNextToken()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            await _sqs.CreateQueueAsync($"{prefix}-{i}").WaitAsync(s_timeout);
        }

        var first = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2 }).WaitAsync(s_timeout);
        var second = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2, NextToken = first.NextToken }).WaitAsync(s_timeout);
        var third = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2, NextToken = second.NextToken }).WaitAsync(s_timeout);

        Assert.Equal(5, first.QueueUrls.Concat(second.QueueUrls).Concat(third.QueueUrls).Distinct().Count());
        Assert.Null(third.NextToken);
    }
}
