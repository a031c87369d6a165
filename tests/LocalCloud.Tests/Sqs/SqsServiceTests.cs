using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>Queue mechanics on the service object, with a clock the tests move.</summary>
public sealed class SqsServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SqsService Service() => new(new LocalCloudOptions { Port = 0, Clock = _clock });

    private static Task<IReadOnlyList<SqsReceivedMessage>> Receive(SqsService sqs, string url, int max = 10, int? visibility = null) =>
        sqs.ReceiveMessageAsync(url, new SqsReceiveRequest { MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = 0, AttributeNames = ["All"] }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task ManyMessagesInFlight_ReturnWhenTheirVisibilityTimeoutEnds()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", new Dictionary<string, string> { ["VisibilityTimeout"] = "30" }, null);
        for (var i = 0; i < 5000; i++)
        {
            sqs.SendMessage(url, new SqsSendRequest("m" + i));
        }

        var seen = new HashSet<string>();
        for (var batch = await Receive(sqs, url); batch.Count > 0; batch = await Receive(sqs, url))
        {
            Assert.All(batch, m => Assert.True(seen.Add(m.MessageId), "a message was handed out twice while in flight"));
        }
        var beforeTimeout = await Receive(sqs, url);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var after = await Receive(sqs, url);

        Assert.Equal(5000, seen.Count);
        Assert.Empty(beforeTimeout);
        Assert.Equal(10, after.Count);
        Assert.All(after, m => Assert.Equal("2", m.Attributes["ApproximateReceiveCount"]));
        var counts = sqs.GetQueueAttributes(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("4990", counts["ApproximateNumberOfMessages"]);
        Assert.Equal("10", counts["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task ZeroVisibility_NeverReturnsAMessageTwiceInOneCall()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", null, null);
        sqs.SendMessage(url, new SqsSendRequest("only"));

        var first = await Receive(sqs, url, visibility: 0);
        var second = await Receive(sqs, url, visibility: 0);

        Assert.Single(first);
        Assert.Equal("2", Assert.Single(second).Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ChangeVisibility_ToZeroAndLonger_MovesTheMessageBackOrKeepsItHidden()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", null, null);
        sqs.SendMessage(url, new SqsSendRequest("a"));
        sqs.SendMessage(url, new SqsSendRequest("b"));
        var received = await Receive(sqs, url);

        sqs.ChangeMessageVisibility(url, received[0].ReceiptHandle, 0);
        sqs.ChangeMessageVisibility(url, received[1].ReceiptHandle, 120);
        var now = await Receive(sqs, url, visibility: 600);
        _clock.Advance(TimeSpan.FromSeconds(60));
        var stillHidden = await Receive(sqs, url);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var later = await Receive(sqs, url);

        Assert.Equal(received[0].MessageId, Assert.Single(now).MessageId);
        Assert.Empty(stillHidden);
        Assert.Contains(later, m => m.MessageId == received[1].MessageId);
    }

    [Fact]
    public async Task DeletedWhileInFlight_NeverComesBack()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", null, null);
        sqs.SendMessage(url, new SqsSendRequest("gone"));
        var received = await Receive(sqs, url, visibility: 5);

        sqs.DeleteMessage(url, received[0].ReceiptHandle);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(await Receive(sqs, url));
        Assert.Equal("0", sqs.GetQueueAttributes(url, ["All"])["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task Messages_PastRetention_AreDropped()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", new Dictionary<string, string> { ["MessageRetentionPeriod"] = "60" }, null);
        sqs.SendMessage(url, new SqsSendRequest("old"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        sqs.SendMessage(url, new SqsSendRequest("new"));
        _clock.Advance(TimeSpan.FromSeconds(31));

        var left = await Receive(sqs, url);

        Assert.Equal(["new"], left.Select(m => m.Body));
    }

    [Fact]
    public async Task Delay_HoldsMessageUntilItPasses()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", new Dictionary<string, string> { ["DelaySeconds"] = "10" }, null);
        sqs.SendMessage(url, new SqsSendRequest("queue-delay"));
        sqs.SendMessage(url, new SqsSendRequest("own-delay") { DelaySeconds = 0 });

        var early = await Receive(sqs, url);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var late = await Receive(sqs, url);

        Assert.Equal(["own-delay"], early.Select(m => m.Body));
        Assert.Equal(["queue-delay"], late.Select(m => m.Body));
    }

    [Fact]
    public async Task ReceiveByArn_ForInProcessCallers_FindsTheQueue()
    {
        var sqs = Service();
        sqs.CreateQueue("by-arn", null, null);
        sqs.SendMessage("arn:aws:sqs:us-east-1:000000000000:by-arn", new SqsSendRequest("x"));

        var received = await Receive(sqs, "arn:aws:sqs:us-east-1:000000000000:by-arn");

        Assert.Single(received);
        Assert.Throws<AwsServiceException>(() => sqs.SendMessage("arn:aws:sqs:us-east-1:000000000000:other", new SqsSendRequest("x")));
    }

    [Fact]
    public async Task ConcurrentConsumers_EachMessageDeliveredOnceWhileInFlight()
    {
        var sqs = Service();
        var url = sqs.CreateQueue("q", null, null);
        for (var i = 0; i < 2000; i++)
        {
            sqs.SendMessage(url, new SqsSendRequest("m" + i));
        }
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var batch = await Receive(sqs, url); batch.Count > 0; batch = await Receive(sqs, url))
            {
                foreach (var m in batch)
                {
                    seen.AddOrUpdate(m.MessageId, 1, (_, n) => n + 1);
                    sqs.DeleteMessage(url, m.ReceiptHandle);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2000, seen.Count);
        Assert.All(seen.Values, n => Assert.Equal(1, n));
    }
}
