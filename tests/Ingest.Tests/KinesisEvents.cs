using System.Text;
using Sluice.Shared.Events;

namespace Sluice.Ingest.Tests;

/// <summary>Builds Kinesis events shaped as the event source mapping delivers them.</summary>
internal static class KinesisEvents
{
    public const string StreamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/sluice-orders";

    public static string Sequence(int n) => (System.Numerics.BigInteger.Parse("49600000000000000000000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture) + n).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string OrderPlaced(string orderId, string eventId) =>
        $$$"""{"specversion":"1.0","id":"{{{eventId}}}","source":"sluice/test","type":"order.placed","subject":"{{{orderId}}}","time":"2026-11-26T12:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":5}]}}""";

    /// <summary>An <c>order.confirmed</c> as the workflow writes it, before it is signed.</summary>
    public static string Confirmed(string orderId, string source = "sluice/orchestrator") =>
        $$$"""{"specversion":"1.0","id":"{{{orderId}}}/outcome","source":"{{{source}}}","type":"order.confirmed","subject":"{{{orderId}}}","time":"2026-11-26T12:00:01.000Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","total":5,"currency":"EUR","authorizationId":"auth-{{{orderId}}}","causationId":"evt-1"}}""";

    /// <summary><paramref name="json"/> signed with <paramref name="keys"/>, as the Orchestrator signs with KMS.</summary>
    public static string Signed(OutcomeKeys keys, string json) => keys.Sign(Sluice.Shared.Envelope.CloudEventParser.Parse(Encoding.UTF8.GetBytes(json)).Event!).Json;

    public static KinesisEventRecord Record(int n, string partitionKey, string text) => RecordBase64(n, partitionKey, Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

    public static KinesisEventRecord RecordBase64(int n, string partitionKey, string base64) => new(
        new KinesisRecordData("1.0", partitionKey, Sequence(n), base64, 1764158400.123),
        "aws:kinesis",
        "1.0",
        $"shardId-000000000000:{Sequence(n)}",
        "aws:kinesis:record",
        "arn:aws:iam::000000000000:role/ingest",
        "us-east-1",
        StreamArn);

    public static KinesisEvent Orders(int count, int firstOrder = 0) =>
        new([.. Enumerable.Range(0, count).Select(i => Record(i, $"ord-{firstOrder + i}", OrderPlaced($"ord-{firstOrder + i}", $"evt-{firstOrder + i}")))]);
}
