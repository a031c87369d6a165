using System.Net;
using System.Text.Json;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

public sealed class UnsubscribeUrlTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task UnsubscribeUrl_FromTheEnvelope_RemovesTheSubscriptionWithAPlainGet()
    {
        var sns = cloud.Host.Sns;
        var topic = sns.CreateTopic("unsub", null, null);
        var url = cloud.Host.Sqs.CreateQueue("unsub-q", null, null);
        var subscription = sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:unsub-q", null);
        sns.Publish(topic, new SnsPublishRequest("hello"));
        var message = Assert.Single(await cloud.Host.Sqs.ReceiveMessageAsync(url, new Sluice.LocalCloud.Sqs.SqsReceiveRequest(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var unsubscribeUrl = JsonDocument.Parse(message.Body).RootElement.GetProperty("UnsubscribeURL").GetString()!;
        using var http = new HttpClient();

        var response = await http.GetAsync(unsubscribeUrl).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(cloud.Endpoint, unsubscribeUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(sns.ListSubscriptions(topic), s => s.Arn == subscription);
    }

    [Fact]
    public async Task Subscribe_SameEndpointConcurrently_MakesOneSubscription()
    {
        var sns = cloud.Host.Sns;
        var topic = sns.CreateTopic("once", null, null);
        cloud.Host.Sqs.CreateQueue("once-q", null, null);

        var arns = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:once-q", null))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(arns.Distinct());
        Assert.Single(sns.ListSubscriptions(topic));
    }
}
