using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>SQS over the query protocol, as older clients send it (form posts to the queue URL, XML answers).</summary>
public sealed class SqsQueryProtocolTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly XNamespace s_ns = "http://queue.amazonaws.com/doc/2012-11-05/";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private async Task<XElement> PostAsync(string path, string form)
    {
        var response = await _http.PostAsync(path, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded")).WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return XDocument.Parse(body).Root!;
    }

    [Fact]
    public async Task SendAndReceive_FormPostsToQueueUrl_AnswerInAwsXmlShapes()
    {
        var created = await PostAsync("/", "Action=CreateQueue&Version=2012-11-05&QueueName=query-q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=20");
        var url = created.Element(s_ns + "CreateQueueResult")!.Element(s_ns + "QueueUrl")!.Value;
        var path = new Uri(url).AbsolutePath;

        var sent = await PostAsync(path, "Action=SendMessage&Version=2012-11-05&MessageBody=line1%0D%0Aline2"
            + "&MessageAttribute.1.Name=kind&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=k");
        var received = await PostAsync(path, "Action=ReceiveMessage&Version=2012-11-05&AttributeName.1=All&MessageAttributeName.1=All");
        var attributes = await PostAsync(path, "Action=GetQueueAttributes&Version=2012-11-05&AttributeName.1=VisibilityTimeout");

        var result = sent.Element(s_ns + "SendMessageResult")!;
        var message = received.Element(s_ns + "ReceiveMessageResult")!.Element(s_ns + "Message")!;
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("line1\r\nline2"))), result.Element(s_ns + "MD5OfMessageBody")!.Value);
        Assert.Equal("line1\r\nline2", message.Element(s_ns + "Body")!.Value);
        Assert.Equal(result.Element(s_ns + "MD5OfMessageAttributes")!.Value, message.Element(s_ns + "MD5OfMessageAttributes")!.Value);
        Assert.Equal("k", message.Element(s_ns + "MessageAttribute")!.Element(s_ns + "Value")!.Element(s_ns + "StringValue")!.Value);
        Assert.Contains(message.Elements(s_ns + "Attribute"), a => a.Element(s_ns + "Name")!.Value == "ApproximateReceiveCount" && a.Element(s_ns + "Value")!.Value == "1");
        var attribute = attributes.Element(s_ns + "GetQueueAttributesResult")!.Element(s_ns + "Attribute")!;
        Assert.Equal("20", attribute.Element(s_ns + "Value")!.Value);
        Assert.False(string.IsNullOrEmpty(received.Element(s_ns + "ResponseMetadata")!.Element(s_ns + "RequestId")!.Value));
    }

    [Fact]
    public async Task MessageAttributes_KnownAwsDigest_MatchesTheAlgorithmAwsDocuments()
    {
        await PostAsync("/", "Action=CreateQueue&QueueName=digest-q");
        // MD5 over: len+"a", len+"String", 0x01, len+"x" (each length a 4-byte big-endian prefix).
        var expected = Convert.ToHexStringLower(MD5.HashData([0, 0, 0, 1, (byte)'a', 0, 0, 0, 6, .. "String"u8, 1, 0, 0, 0, 1, (byte)'x']));

        var sent = await PostAsync("/000000000000/digest-q", "Action=SendMessage&MessageBody=b&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=x");

        Assert.Equal(expected, sent.Element(s_ns + "SendMessageResult")!.Element(s_ns + "MD5OfMessageAttributes")!.Value);
    }
}
