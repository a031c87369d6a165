using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// The real Ingest bootstrap behind a Kinesis mapping, publishing over SigV4 to the local SNS, fanned out
/// to SQS by filter policy, wired by hand as the template declares it (the template loader does it for real).
/// </summary>
public sealed class IngestPipelineTests(LambdaRig rig, ITestOutputHelper output) : IClassFixture<LambdaRig>
{
    [Fact]
    public async Task PutRecords_ValidAndInvalidOrders_ReachTheWorkflowAndRejectedQueues()
    {
        var (stream, workflowUrl, rejectedUrl) = await WireAsync();
        var orderId = "o-" + Guid.NewGuid().ToString("N")[..8];
        Put(stream, (orderId, OrderPlaced(orderId)), ("broken", "{\"not\":\"a cloud event\"}"));

        var placed = await ReceiveAsync(workflowUrl, 1);
        var rejected = await ReceiveAsync(rejectedUrl, 1);

        using var placedEvent = JsonDocument.Parse(placed[0].Body);
        Assert.Equal("order.placed", placedEvent.RootElement.GetProperty("type").GetString());
        Assert.Equal(orderId, placedEvent.RootElement.GetProperty("subject").GetString());
        using var rejectedEvent = JsonDocument.Parse(rejected[0].Body);
        Assert.Equal("sluice.ingest.rejected", rejectedEvent.RootElement.GetProperty("type").GetString());
        var data = rejectedEvent.RootElement.GetProperty("data");
        Assert.False(string.IsNullOrEmpty(data.GetProperty("reason").GetString()));
        Assert.Equal("{\"not\":\"a cloud event\"}", Encoding.UTF8.GetString(Convert.FromBase64String(data.GetProperty("rawData").GetString()!)));
    }

    [Fact]
    public async Task PutRecords_ABurstOfOrders_AllReachTheWorkflowQueue()
    {
        var (stream, workflowUrl, _) = await WireAsync();
        const int Orders = 2000;
        var start = Stopwatch.GetTimestamp();
        for (var batch = 0; batch < Orders / 500; batch++)
        {
            Put(stream, Enumerable.Range(batch * 500, 500).Select(i => ("o-" + i.ToString(CultureInfo.InvariantCulture), OrderPlaced("o-" + i.ToString(CultureInfo.InvariantCulture)))).ToArray());
        }

        await Poll.UntilAsync(
            () => int.Parse(rig.Sqs.GetQueueAttributes(workflowUrl, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture) >= Orders,
            () => rig.Sqs.GetQueueAttributes(workflowUrl, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"], TimeSpan.FromSeconds(120));

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        output.WriteLine($"{Orders} orders from PutRecords to the workflow queue through Ingest in {seconds:0.00} s: {Orders / seconds:0} records/s");
        Assert.Equal(Orders, int.Parse(rig.Sqs.GetQueueAttributes(workflowUrl, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture));
    }

    private async Task<(KinesisStream Stream, string WorkflowUrl, string RejectedUrl)> WireAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        rig.Kinesis.CreateStream("orders-" + suffix, 2, "PROVISIONED");
        var stream = rig.Kinesis.Stream("orders-" + suffix, null);
        var topic = rig.Host.Sns.CreateTopic("events-" + suffix, null, null);
        var workflowUrl = rig.Sqs.CreateQueue("workflow-" + suffix, null, null);
        var rejectedUrl = rig.Sqs.CreateQueue("rejected-" + suffix, null, null);
        rig.Host.Sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:workflow-" + suffix,
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true", ["FilterPolicy"] = "{\"type\":[\"order.placed\"]}" });
        rig.Host.Sns.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:rejected-" + suffix,
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true", ["FilterPolicy"] = "{\"type\":[\"sluice.ingest.rejected\"]}" });
        var name = "ingest-" + suffix;
        rig.Lambda.CreateFunction(new FunctionDefinition("Ingest", name, $"arn:aws:lambda:us-east-1:000000000000:function:{name}", "src/Ingest", "provided.al2023", "bootstrap", "x86_64",
            256, 30, null, new Dictionary<string, string> { ["TOPIC_ARN"] = topic, ["OUTCOME_KEY_ID"] = "alias/sluice-test-outcomes", ["POWERTOOLS_SERVICE_NAME"] = "ingest" }, "arn:aws:iam::000000000000:role/ingest", "/aws/lambda/" + name));
        await rig.Lambda.Function(name).Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
        rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(Guid.NewGuid().ToString(), name, stream.Arn, true, 100, null, "TRIM_HORIZON", null, 2,
            true, 5, null, ["ReportBatchItemFailures"], null, null));
        return (stream, workflowUrl, rejectedUrl);
    }

    private static string OrderPlaced(string orderId) =>
        $$$"""{"specversion":"1.0","id":"{{{orderId}}}/placed","source":"sluice/generator","type":"order.placed","subject":"{{{orderId}}}","time":"2026-01-01T00:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10.5}]}}""";

    private void Put(KinesisStream stream, params (string Key, string Text)[] records) =>
        Assert.All(rig.Kinesis.PutRecords(stream, records.Select(r => new KinesisPutEntry(Encoding.UTF8.GetBytes(r.Text), r.Key, null)).ToList()), r => Assert.Null(r.ErrorCode));

    private async Task<IReadOnlyList<SqsReceivedMessage>> ReceiveAsync(string url, int count)
    {
        var messages = await rig.Sqs.ReceiveMessageAsync(url, new SqsReceiveRequest { MaxNumberOfMessages = 10, WaitTimeSeconds = 20 }, default).WaitAsync(LambdaRig.Wait);
        Assert.Equal(count, messages.Count);
        return messages;
    }
}
