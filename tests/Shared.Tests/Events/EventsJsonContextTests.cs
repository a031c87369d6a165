using System.Text.Json;
using Sluice.Shared.Events;

namespace Sluice.Shared.Tests.Events;

/// <summary>Every registered type read from the shape AWS delivers and written back with the same names.</summary>
public sealed class EventsJsonContextTests
{
    // As recorded from a real Kinesis event source mapping (aws-recorded/lambda_/event_source_mapping).
    private const string KinesisJson = """
        {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"test_0","sequenceNumber":"49590338271490256608559692538361571095921575989136588898","data":"aGVsbG8=","approximateArrivalTimestamp":1545084650.987},
        "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000000:49590338271490256608559692538361571095921575989136588898",
        "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::111111111111:role/r","awsRegion":"us-east-1",
        "eventSourceARN":"arn:aws:kinesis:us-east-1:111111111111:stream/s"}]}
        """;

    private const string SqsJson = """
        {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a","body":"{\"a\":1}",
        "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
        "messageAttributes":{"type":{"stringValue":"order.placed","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
        "md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:111111111111:q","awsRegion":"us-east-1"}]}
        """;

    [Fact]
    public void KinesisEvent_RoundTripsWithAwsNames()
    {
        var parsed = JsonSerializer.Deserialize(KinesisJson, EventsJsonContext.Default.KinesisEvent)!;
        var record = Assert.Single(parsed.Records);
        Assert.Equal("test_0", record.Kinesis.PartitionKey);
        Assert.Equal("aGVsbG8=", record.Kinesis.Data);
        Assert.Equal(1545084650.987, record.Kinesis.ApproximateArrivalTimestamp);
        Assert.Equal("aws:kinesis:record", record.EventName);

        AssertSameJson(KinesisJson, JsonSerializer.Serialize(parsed, EventsJsonContext.Default.KinesisEvent));
    }

    [Fact]
    public void SqsEvent_RoundTripsWithAwsNames()
    {
        var parsed = JsonSerializer.Deserialize(SqsJson, EventsJsonContext.Default.SqsEvent)!;
        var message = Assert.Single(parsed.Records);
        Assert.Equal("{\"a\":1}", message.Body);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("order.placed", message.MessageAttributes["type"].StringValue);

        AssertSameJson(SqsJson, JsonSerializer.Serialize(parsed, EventsJsonContext.Default.SqsEvent));
    }

    [Fact]
    public void BatchResponse_UsesLambdaNames()
    {
        var json = JsonSerializer.Serialize(new BatchResponse([new BatchItemFailure("42")]), EventsJsonContext.Default.BatchResponse);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"42"}]}""", json);
        Assert.Equal("42", JsonSerializer.Deserialize(json, EventsJsonContext.Default.BatchResponse)!.BatchItemFailures[0].ItemIdentifier);
    }

    private static void AssertSameJson(string expected, string actual)
    {
        using var a = JsonDocument.Parse(expected);
        using var b = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement), $"expected {expected}\nactual {actual}");
    }
}
