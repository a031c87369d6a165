using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Sluice.LocalCloud.Tests.Support;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Sqs;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>The project's own SQS client (src/Shared/Aws/Sqs) against the local cloud; messages are sent with AWSSDK.SQS.</summary>
public sealed class SqsClientTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new();

    private readonly AmazonSQSClient _sdk = new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = cloud.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public void Dispose()
    {
        _sdk.Dispose();
        _http.Dispose();
    }

    private SqsClient Client() => new(new AwsClientOptions
    {
        Credentials = new AwsCredentials("test", "test"),
        Region = "us-east-1",
        EndpointUrl = new Uri(cloud.Endpoint),
    }, _http);

    private async Task<(string Name, string Url)> QueueWithAsync(int messages)
    {
        var name = "client-" + Guid.NewGuid().ToString("N")[..12];
        var url = (await _sdk.CreateQueueAsync(name).WaitAsync(s_timeout)).QueueUrl;
        for (var i = 0; i < messages; i++)
        {
            await _sdk.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = $"body {i}",
                MessageAttributes = new() { ["type"] = new MessageAttributeValue { DataType = "String", StringValue = "sluice.ingest.rejected" } },
            }).WaitAsync(s_timeout);
        }

        return (name, url);
    }

    [Fact]
    public async Task ReceiveHideAndDelete_EveryMessageSettledOnce()
    {
        var (name, url) = await QueueWithAsync(3);
        var sqs = Client();

        var found = await sqs.GetQueueUrlAsync(name).WaitAsync(s_timeout);
        var received = await sqs.ReceiveMessageAsync(url, 10, waitTimeSeconds: 0, visibilityTimeout: 600, messageAttributeNames: ["All"],
            systemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"]).WaitAsync(s_timeout);
        var hidden = await sqs.ReceiveMessageAsync(url, 10, waitTimeSeconds: 0).WaitAsync(s_timeout);
        await sqs.ChangeMessageVisibilityAsync(url, received[0].ReceiptHandle, 0).WaitAsync(s_timeout);
        var back = await sqs.ReceiveMessageAsync(url, 10, waitTimeSeconds: 0, systemAttributeNames: ["ApproximateReceiveCount"]).WaitAsync(s_timeout);
        await sqs.DeleteMessageAsync(url, back[0].ReceiptHandle).WaitAsync(s_timeout);
        var batch = await sqs.DeleteMessageBatchAsync(url, [new("a", received[1].ReceiptHandle), new("b", received[2].ReceiptHandle)]).WaitAsync(s_timeout);
        var left = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]).WaitAsync(s_timeout);

        Assert.Equal(url, found);
        Assert.Equal(["body 0", "body 1", "body 2"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(received, m => Assert.Equal("sluice.ingest.rejected", m.MessageAttributes!["type"].StringValue));
        Assert.All(received, m => Assert.Equal("1", m.Attributes!["ApproximateReceiveCount"]));
        Assert.All(received, m => Assert.NotNull(m.MD5OfBody));
        Assert.Empty(hidden);
        Assert.Equal(received[0].MessageId, Assert.Single(back).MessageId);
        Assert.Equal("2", back[0].Attributes!["ApproximateReceiveCount"]);
        Assert.Equal(["a", "b"], batch.Successful);
        Assert.Empty(batch.Failed);
        Assert.Equal(("0", "0"), (left["ApproximateNumberOfMessages"], left["ApproximateNumberOfMessagesNotVisible"]));
    }

    [Fact]
    public async Task DeleteMessageBatch_BadHandle_ReportedPerEntry()
    {
        var (_, url) = await QueueWithAsync(1);
        var sqs = Client();
        var message = Assert.Single(await sqs.ReceiveMessageAsync(url, 1, waitTimeSeconds: 0).WaitAsync(s_timeout));

        var batch = await sqs.DeleteMessageBatchAsync(url, [new("good", message.ReceiptHandle), new("bad", "not-a-receipt-handle")]).WaitAsync(s_timeout);

        Assert.Equal(["good"], batch.Successful);
        var failed = Assert.Single(batch.Failed);
        Assert.Equal("bad", failed.Id);
        Assert.Equal("ReceiptHandleIsInvalid", failed.Code);
        Assert.True(failed.SenderFault);
    }

    [Fact]
    public async Task UnknownQueue_TypedError()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().GetQueueUrlAsync("no-such-queue-" + Guid.NewGuid().ToString("N")).WaitAsync(s_timeout));

        Assert.Equal("QueueDoesNotExist", error.ErrorCode);
        Assert.False(error.IsRetryable);
    }
}
