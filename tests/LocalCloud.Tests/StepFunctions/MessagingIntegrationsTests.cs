using System.Text.Json.Nodes;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.StepFunctions;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>The service integrations straight against the in-process services, results and errors as Step Functions names them.</summary>
public sealed class MessagingIntegrationsTests : IDisposable
{
    private readonly SqsService _sqs;
    private readonly SnsService _sns;
    private readonly KinesisService _kinesis;
    private readonly MessagingIntegrations _integrations;

    public MessagingIntegrationsTests()
    {
        var options = new LocalCloudOptions { Port = 0, KinesisThrottling = false };
        _sqs = new SqsService(options);
        _sns = new SnsService(options, _sqs);
        _kinesis = new KinesisService(options);
        _integrations = new MessagingIntegrations(new RegionalServices.Services(_sqs, _sns, _kinesis));
    }

    public void Dispose() => _kinesis.Dispose();

    private Task<ServiceInvocationResult> InvokeAsync(string service, string action, bool awsSdk, string parameters) =>
        _integrations.InvokeAsync(new ServiceInvocation(service, action, awsSdk, JsonNode.Parse(parameters), "us-east-1", "000000000000"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

    private async Task<List<SqsReceivedMessage>> ReceiveAsync(string url) =>
        [.. await _sqs.ReceiveMessageAsync(url, new SqsReceiveRequest { MaxNumberOfMessages = 10, MessageAttributeNames = ["All"] }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10))];

    [Fact]
    public async Task SqsSendMessage_JsonBody_IsSerialisedAndAnsweredWithJavaSdkNames()
    {
        var url = _sqs.CreateQueue("target", null, null);

        var result = await InvokeAsync("sqs", "sendMessage", false, $$$$"""
            {"QueueUrl":"{{{{url}}}}","MessageBody":{"orderId":"o-1","n":2},"MessageAttributes":{"type":{"DataType":"String","StringValue":"t"}}}
            """);
        var received = Assert.Single(await ReceiveAsync(url));

        Assert.Null(result.Error);
        Assert.Equal("""{"orderId":"o-1","n":2}""", received.Body);
        Assert.Equal("t", received.MessageAttributes["type"].StringValue);
        Assert.Equal(received.MessageId, result.Result!["MessageId"]!.GetValue<string>());
        Assert.Equal(received.Md5OfBody, result.Result!["MD5OfMessageBody"]!.GetValue<string>());
        Assert.NotNull(result.Result!["MD5OfMessageAttributes"]);
        Assert.Equal("application/x-amz-json-1.0", result.HttpHeaders!["Content-Type"]);
    }

    [Fact]
    public async Task SqsSendMessage_MissingQueue_FailsAsQueueDoesNotExist()
    {
        var result = await InvokeAsync("sqs", "sendMessage", false, """{"QueueUrl":"http://127.0.0.1/000000000000/none","MessageBody":"x"}""");

        Assert.Equal("SQS.QueueDoesNotExistException", result.Error!.Error);
        Assert.Contains("(Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue;", result.Error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqsSendMessage_NoBody_FailsAsAmazonSqsExceptionWithTheQueryCode()
    {
        var url = _sqs.CreateQueue("nobody", null, null);

        var result = await InvokeAsync("sqs", "sendMessage", false, $$"""{"QueueUrl":"{{url}}"}""");

        Assert.Equal("SQS.AmazonSQSException", result.Error!.Error);
        Assert.StartsWith("The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter;", result.Error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnsPublish_ToTopic_ReachesTheSubscribedQueueThroughItsFilter()
    {
        var topic = _sns.CreateTopic("events", null, null);
        var url = _sqs.CreateQueue("placed", null, null);
        _sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:placed",
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true", ["FilterPolicy"] = """{"type":["order.placed"]}""" });

        var matching = await InvokeAsync("sns", "publish", false, $$$$"""
            {"TopicArn":"{{{{topic}}}}","Message":{"id":1},"MessageAttributes":{"type":{"DataType":"String","StringValue":"order.placed"}}}
            """);
        var filtered = await InvokeAsync("sns", "publish", false, $$$$"""
            {"TopicArn":"{{{{topic}}}}","Message":"other","MessageAttributes":{"type":{"DataType":"String","StringValue":"order.rejected"}}}
            """);
        var received = await ReceiveAsync(url);

        Assert.NotNull(matching.Result!["MessageId"]);
        Assert.Null(filtered.Error);
        Assert.Equal(["""{"id":1}"""], received.Select(m => m.Body));
    }

    [Fact]
    public async Task SnsPublish_MissingTopic_FailsAsNotFound()
    {
        var result = await InvokeAsync("sns", "publish", false, """{"TopicArn":"arn:aws:sns:us-east-1:000000000000:none","Message":"x"}""");

        Assert.Equal("SNS.NotFoundException", result.Error!.Error);
        Assert.StartsWith("Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound;", result.Error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsSdkSqs_SendReceiveDelete_UseSdkV2NamesAndErrors()
    {
        var url = _sqs.CreateQueue("sdk", null, null);

        var sent = await InvokeAsync("sqs", "sendMessage", true, $$"""{"QueueUrl":"{{url}}","MessageBody":"hello"}""");
        var received = await InvokeAsync("sqs", "receiveMessage", true, $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":5}""");
        var handle = received.Result!["Messages"]![0]!["ReceiptHandle"]!.GetValue<string>();
        var deleted = await InvokeAsync("sqs", "deleteMessage", true, $$"""{"QueueUrl":"{{url}}","ReceiptHandle":"{{handle}}"}""");
        var lookedUp = await InvokeAsync("sqs", "getQueueUrl", true, """{"QueueName":"sdk"}""");
        var missing = await InvokeAsync("sqs", "getQueueUrl", true, """{"QueueName":"none"}""");

        Assert.NotNull(sent.Result!["Md5OfMessageBody"]);
        Assert.Null(sent.HttpHeaders);
        Assert.Equal("hello", received.Result!["Messages"]![0]!["Body"]!.GetValue<string>());
        Assert.Null(deleted.Error);
        Assert.Equal(url, lookedUp.Result!["QueueUrl"]!.GetValue<string>());
        Assert.Equal("Sqs.QueueDoesNotExistException", missing.Error!.Error);
        Assert.Contains("(Service: Sqs, Status Code: 400, Request ID: ", missing.Error.Cause, StringComparison.Ordinal);
        Assert.Equal("0", _sqs.GetQueueAttributes(url, ["ApproximateNumberOfMessagesNotVisible"])["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task AwsSdkKinesis_PutRecord_LandsOnTheStream()
    {
        _kinesis.CreateStream("events", 1, "PROVISIONED");
        var stream = _kinesis.Stream("events", null);

        var put = await InvokeAsync("kinesis", "putRecord", true, """{"StreamName":"events","Data":"payload","PartitionKey":"o-1"}""");
        var iterator = _kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null);
        var (records, _, _) = _kinesis.GetRecords(iterator, null);
        var missing = await InvokeAsync("kinesis", "putRecord", true, """{"StreamName":"none","Data":"x","PartitionKey":"k"}""");

        Assert.Equal("shardId-000000000000", put.Result!["ShardId"]!.GetValue<string>());
        Assert.Equal("payload", System.Text.Encoding.UTF8.GetString(Assert.Single(records).Data));
        Assert.Equal("Kinesis.ResourceNotFoundException", missing.Error!.Error);
    }

    [Fact]
    public async Task Invoke_ActionWithoutIntegration_FailsWithStatesRuntimeNamingIt()
    {
        var optimised = await InvokeAsync("sqs", "receiveMessage", false, "{}");
        var sdk = await InvokeAsync("sns", "createTopic", true, """{"Name":"x"}""");

        Assert.Equal("States.Runtime", optimised.Error!.Error);
        Assert.Contains("sqs:receiveMessage", optimised.Error.Cause, StringComparison.Ordinal);
        Assert.Equal("States.Runtime", sdk.Error!.Error);
        Assert.Contains("aws-sdk:sns:createTopic", sdk.Error.Cause, StringComparison.Ordinal);
    }
}
