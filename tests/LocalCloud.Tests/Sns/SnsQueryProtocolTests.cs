using System.Text;
using System.Xml.Linq;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>SNS query-protocol answers in AWS's XML shapes, including PublishBatch's per-entry outcome.</summary>
public sealed class SnsQueryProtocolTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly XNamespace s_ns = "http://sns.amazonaws.com/doc/2010-03-31/";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private async Task<(int Status, XElement Root)> PostAsync(string form)
    {
        var response = await _http.PostAsync("/", new StringContent(form + "&Version=2010-03-31", Encoding.UTF8, "application/x-www-form-urlencoded")).WaitAsync(TimeSpan.FromSeconds(30));
        return ((int)response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!);
    }

    [Fact]
    public async Task PublishBatch_OneBadEntry_ReportsItInFailedAndDeliversTheRest()
    {
        var topic = (await PostAsync("Action=CreateTopic&Name=batchy")).Root.Descendants(s_ns + "TopicArn").Single().Value;
        var queue = cloud.Host.Sqs.CreateQueue("batchy-q", null, null);
        await PostAsync($"Action=Subscribe&TopicArn={topic}&Protocol=sqs&Endpoint=arn:aws:sqs:us-east-1:000000000000:batchy-q&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true");

        var (status, root) = await PostAsync($"Action=PublishBatch&TopicArn={topic}"
            + "&PublishBatchRequestEntries.member.1.Id=ok&PublishBatchRequestEntries.member.1.Message=fine"
            + "&PublishBatchRequestEntries.member.2.Id=bad&PublishBatchRequestEntries.member.2.Message=x"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=n"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=Number"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=abc");
        var delivered = await cloud.Host.Sqs.ReceiveMessageAsync(queue, new Sluice.LocalCloud.Sqs.SqsReceiveRequest { MaxNumberOfMessages = 10 }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, status);
        var result = root.Element(s_ns + "PublishBatchResult")!;
        Assert.Equal("ok", result.Element(s_ns + "Successful")!.Element(s_ns + "member")!.Element(s_ns + "Id")!.Value);
        var failed = result.Element(s_ns + "Failed")!.Element(s_ns + "member")!;
        Assert.Equal("bad", failed.Element(s_ns + "Id")!.Value);
        Assert.Equal("InvalidParameterValue", failed.Element(s_ns + "Code")!.Value);
        Assert.Equal("true", failed.Element(s_ns + "SenderFault")!.Value);
        Assert.Equal(["fine"], delivered.Select(m => m.Body));
    }

    [Fact]
    public async Task PublishBatch_ElevenEntries_IsRefusedWhole()
    {
        var topic = (await PostAsync("Action=CreateTopic&Name=eleven")).Root.Descendants(s_ns + "TopicArn").Single().Value;
        var entries = string.Concat(Enumerable.Range(1, 11).Select(i => $"&PublishBatchRequestEntries.member.{i}.Id=e{i}&PublishBatchRequestEntries.member.{i}.Message=m"));

        var (status, root) = await PostAsync($"Action=PublishBatch&TopicArn={topic}{entries}");

        Assert.Equal(400, status);
        Assert.Equal("TooManyEntriesInBatchRequest", root.Descendants(root.Name.Namespace + "Code").Single().Value);
    }

    [Fact]
    public async Task GetTopicAttributes_AnswersEntriesWithKeyAndValue()
    {
        var topic = (await PostAsync("Action=CreateTopic&Name=attrs&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Shown")).Root.Descendants(s_ns + "TopicArn").Single().Value;

        var (_, root) = await PostAsync($"Action=GetTopicAttributes&TopicArn={topic}");

        var entries = root.Descendants(s_ns + "entry").ToDictionary(e => e.Element(s_ns + "key")!.Value, e => e.Element(s_ns + "value")!.Value);
        Assert.Equal("Shown", entries["DisplayName"]);
        Assert.Equal(topic, entries["TopicArn"]);
        Assert.Equal("000000000000", entries["Owner"]);
    }
}
