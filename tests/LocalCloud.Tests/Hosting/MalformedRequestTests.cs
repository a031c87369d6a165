using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>Bad input of every action family gets an AWS-shaped 4xx with a request id, and the host lives on.</summary>
public sealed class MalformedRequestTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private const string Auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{0}/aws4_request, SignedHeaders=host, Signature=00";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> JsonAsync(string target, string body, string contentType = "application/x-amz-json-1.1") =>
        JsonAsync(target, Encoding.UTF8.GetBytes(body), contentType);

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> JsonAsync(string target, byte[] body, string contentType = "application/x-amz-json-1.1", bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Headers.TransferEncodingChunked = chunked;
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var response = await _http.SendAsync(request).WaitAsync(s_timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(s_timeout), response);
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> FormAsync(string service, string form, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, Auth, service));
        var response = await _http.SendAsync(request).WaitAsync(s_timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(s_timeout), response);
    }

    private static void AssertJsonError((HttpStatusCode Status, string Body, HttpResponseMessage Response) answer, string expectedType)
    {
        Assert.InRange((int)answer.Status, 400, 499);
        Assert.True(answer.Response.Headers.Contains("x-amzn-RequestId"));
        using var doc = JsonDocument.Parse(answer.Body);
        Assert.EndsWith(expectedType, doc.RootElement.GetProperty("__type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("message").GetString()));
    }

    private static void AssertXmlError((HttpStatusCode Status, string Body, HttpResponseMessage Response) answer, string expectedCode)
    {
        Assert.InRange((int)answer.Status, 400, 499);
        Assert.True(answer.Response.Headers.Contains("x-amzn-RequestId"));
        var xml = System.Xml.Linq.XDocument.Parse(answer.Body);
        var ns = xml.Root!.Name.Namespace;
        Assert.Equal("ErrorResponse", xml.Root.Name.LocalName);
        Assert.Equal(expectedCode, xml.Root.Element(ns + "Error")!.Element(ns + "Code")!.Value);
        Assert.False(string.IsNullOrEmpty(xml.Root.Element(ns + "RequestId")!.Value));
    }

    private async Task AssertHostAliveAsync()
    {
        var health = await _http.GetAsync("/_localcloud/health").WaitAsync(s_timeout);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Kinesis_MalformedRequests_Get4xxAndHostSurvives()
    {
        AssertJsonError(await JsonAsync("Kinesis_20131202.PutRecords", "{not json"), "SerializationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.PutRecords", "[1,2]"), "SerializationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.CreateStream", """{"StreamName": 5, "ShardCount": 1}"""), "SerializationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.CreateStream", """{"StreamName": "s", "ShardCount": "one"}"""), "SerializationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.PutRecord", """{"StreamName": "s", "Data": "***", "PartitionKey": "k"}"""), "SerializationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.GetRecords", "{}"), "ValidationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.DescribeStream", """{"StreamName": "nope"}"""), "ResourceNotFoundException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.NoSuchAction", "{}"), "UnknownOperationException");
        AssertJsonError(await JsonAsync("Kinesis_20131202.GetShardIterator", """{"StreamName":"nope","ShardId":"x","ShardIteratorType":"TRIM_HORIZON","Timestamp":{"a":1}}"""), "SerializationException");
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task Kinesis_CborRequest_GetsACborSerializationError()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent([0xA1, 0x6A, .. "StreamName"u8, 0x61, (byte)'s']) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-cbor-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202.DescribeStream");

        var response = await _http.SendAsync(request).WaitAsync(s_timeout);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/x-amz-cbor-1.1", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0xA2, body[0]);
        Assert.Equal([0x66, .. "__type"u8, 0x76, .. "SerializationException"u8], body[1..31]);
        Assert.Contains("AWS_CBOR_DISABLE", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task SqsJson_MalformedRequests_Get4xxAndHostSurvives()
    {
        AssertJsonError(await JsonAsync("AmazonSQS.SendMessage", "{oops", "application/x-amz-json-1.0"), "SerializationException");
        AssertJsonError(await JsonAsync("AmazonSQS.CreateQueue", "{}", "application/x-amz-json-1.0"), "MissingRequiredParameterException");
        AssertJsonError(await JsonAsync("AmazonSQS.ReceiveMessage", """{"QueueUrl":"http://x/000000000000/none","MaxNumberOfMessages":"ten"}""", "application/x-amz-json-1.0"), "SerializationException");
        AssertJsonError(await JsonAsync("AmazonSQS.SendMessage", """{"QueueUrl":"http://x/000000000000/none","MessageBody":"x"}""", "application/x-amz-json-1.0"), "QueueDoesNotExist");
        AssertJsonError(await JsonAsync("AmazonSQS.Teleport", "{}", "application/x-amz-json-1.0"), "UnknownOperationException");
        var created = await JsonAsync("AmazonSQS.CreateQueue", """{"QueueName":"malformed"}""", "application/x-amz-json-1.0");
        var url = JsonDocument.Parse(created.Body).RootElement.GetProperty("QueueUrl").GetString();
        AssertJsonError(await JsonAsync("AmazonSQS.ReceiveMessage", $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":11}""", "application/x-amz-json-1.0"), "InvalidParameterValueException");
        AssertJsonError(await JsonAsync("AmazonSQS.SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"!!"}}}""", "application/x-amz-json-1.0"), "SerializationException");
        AssertJsonError(await JsonAsync("AmazonSQS.SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"bad \u0001 char"}""", "application/x-amz-json-1.0"), "InvalidMessageContents");
        AssertJsonError(await JsonAsync("AmazonSQS.DeleteMessage", $$"""{"QueueUrl":"{{url}}","ReceiptHandle":"garbage"}""", "application/x-amz-json-1.0"), "ReceiptHandleIsInvalid");
        AssertJsonError(await JsonAsync("AmazonSQS.SendMessageBatch", $$"""{"QueueUrl":"{{url}}","Entries":[]}""", "application/x-amz-json-1.0"), "EmptyBatchRequest");
        var legacy = await JsonAsync("AmazonSQS.GetQueueUrl", """{"QueueName":"none"}""", "application/x-amz-json-1.0");
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", legacy.Response.Headers.GetValues("x-amzn-query-error").Single());
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task SqsQuery_MalformedRequests_Get4xxAndHostSurvives()
    {
        AssertXmlError(await FormAsync("sqs", "Action=SendMessage&Version=2012-11-05&MessageBody=x"), "MissingParameter");
        AssertXmlError(await FormAsync("sqs", "Action=Explode&Version=2012-11-05"), "InvalidAction");
        AssertXmlError(await FormAsync("sqs", "Action=GetQueueUrl&Version=2012-11-05&QueueName=none"), "AWS.SimpleQueueService.NonExistentQueue");
        AssertXmlError(await FormAsync("sqs", "Action=CreateQueue&Version=2012-11-05&QueueName=bad%20name"), "InvalidParameterValue");
        await FormAsync("sqs", "Action=CreateQueue&Version=2012-11-05&QueueName=qmal");
        AssertXmlError(await FormAsync("sqs", "Action=ReceiveMessage&MaxNumberOfMessages=abc", "/000000000000/qmal"), "InvalidParameterValue");
        AssertXmlError(await FormAsync("sqs", "Action=SendMessage&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=%%%", "/000000000000/qmal"), "InvalidParameterValue");
        AssertXmlError(await FormAsync("sqs", "Action=CreateQueue&QueueName=qx&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=-5"), "InvalidAttributeValue");
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task SnsQuery_MalformedRequests_Get4xxAndHostSurvives()
    {
        AssertXmlError(await FormAsync("sns", "Action=Publish&Version=2010-03-31&Message=x"), "InvalidParameter");
        AssertXmlError(await FormAsync("sns", "Action=Publish&Version=2010-03-31&Message=x&TopicArn=not-an-arn"), "InvalidParameter");
        AssertXmlError(await FormAsync("sns", "Action=Publish&Version=2010-03-31&Message=x&TopicArn=arn:aws:sns:us-east-1:000000000000:none"), "NotFound");
        AssertXmlError(await FormAsync("sns", "Action=CreateTopic&Version=2010-03-31&Name=bad%20name"), "InvalidParameter");
        AssertXmlError(await FormAsync("sns", "Action=CreateTopic&Version=2010-03-31"), "ValidationError");
        AssertXmlError(await FormAsync("sns", "Action=Fly&Version=2010-03-31"), "InvalidAction");
        await FormAsync("sns", "Action=CreateTopic&Version=2010-03-31&Name=mal");
        AssertXmlError(await FormAsync("sns", "Action=Publish&TopicArn=arn:aws:sns:us-east-1:000000000000:mal&Message=x&MessageAttributes.entry.1.Name=n&MessageAttributes.entry.1.Value.DataType=Number&MessageAttributes.entry.1.Value.StringValue=abc"), "InvalidParameterValue");
        AssertXmlError(await FormAsync("sns", "Action=PublishBatch&TopicArn=arn:aws:sns:us-east-1:000000000000:mal"), "EmptyBatchRequest");
        AssertXmlError(await FormAsync("sns", "Action=Subscribe&TopicArn=arn:aws:sns:us-east-1:000000000000:mal&Protocol=smtp&Endpoint=x"), "InvalidParameter");
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task UnroutableRequests_Get4xxAndHostSurvives()
    {
        using var noTarget = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var answer = await _http.SendAsync(noTarget).WaitAsync(s_timeout);
        AssertJsonError((answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer), "UnknownOperationException");
        AssertJsonError(await JsonAsync("NoSuchService_2020.Go", "{}"), "UnknownOperationException");
        AssertXmlError(await FormAsync("s3", "Version=2010-03-31"), "MissingAction");
        using var binary = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent([0xff, 0xfe, 0x00, 0x26, 0x3d]) };
        binary.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var binaryAnswer = await _http.SendAsync(binary).WaitAsync(s_timeout);
        Assert.InRange((int)binaryAnswer.StatusCode, 400, 499);
        await AssertHostAliveAsync();
    }

    [Fact]
    public async Task StepFunctions_UndecodableJson_Gets400AndHostSurvives()
    {
        const string Sfn = "application/x-amz-json-1.0";
        var created = await JsonAsync("AWSStepFunctions.CreateStateMachine",
            """{"name":"mal-pass","roleArn":"arn:aws:iam::000000000000:role/r","definition":"{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"}""", Sfn);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var machine = JsonDocument.Parse(created.Body).RootElement.GetProperty("stateMachineArn").GetString()!;

        var notUtf8 = await JsonAsync("AWSStepFunctions.ListStateMachines", [.. "{\"nextToken\":\""u8, 0xC3, 0x28, .. "\"}"u8], Sfn);
        var loneInBody = await JsonAsync("AWSStepFunctions.ListStateMachines", """{"nextToken":"\ud800"}""", Sfn);
        var loneInInput = await JsonAsync("AWSStepFunctions.StartExecution", $$"""{"stateMachineArn":"{{machine}}","input":"{\"a\":\"\\udc00\"}"}""", Sfn);
        var loneInDefinition = await JsonAsync("AWSStepFunctions.CreateStateMachine",
            """{"name":"mal-lone","roleArn":"arn:aws:iam::000000000000:role/r","definition":"{\"StartAt\":\"\\ud800\",\"States\":{}}"}""", Sfn);
        var repeatedMember = await JsonAsync("AWSStepFunctions.DescribeStateMachine", $$"""{"stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:none","stateMachineArn":"{{machine}}"}""", Sfn);

        foreach (var (answer, code) in new[] { (notUtf8, "SerializationException"), (loneInBody, "SerializationException"), (loneInInput, "InvalidExecutionInput"), (loneInDefinition, "InvalidDefinition") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            AssertJsonError(answer, code);
        }

        // AWS's parser keeps a repeated member's last value.
        Assert.Equal(HttpStatusCode.OK, repeatedMember.Status);
        Assert.Equal("mal-pass", JsonDocument.Parse(repeatedMember.Body).RootElement.GetProperty("name").GetString());
        await AssertHostAliveAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOver16MiB_Gets413AndHostSurvives(bool chunked)
    {
        var body = new byte[(16 * 1024 * 1024) + 1];
        body.AsSpan().Fill((byte)' ');

        var answer = await JsonAsync("AWSStepFunctions.ListStateMachines", body, "application/x-amz-json-1.0", chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        AssertJsonError(answer, "RequestEntityTooLarge");
        await AssertHostAliveAsync();
    }
}
