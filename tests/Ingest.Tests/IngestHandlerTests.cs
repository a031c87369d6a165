using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Envelope;
using Sluice.Shared.Events;

namespace Sluice.Ingest.Tests;

public sealed class IngestHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly RecordingPublisher _publisher = new();
    private readonly OutcomeKeys _keys = new();
    private readonly CapturedOutput _output;
    private readonly IngestHandler _handler;

    public IngestHandlerTests()
    {
        _output = new CapturedOutput(_clock);
        _handler = new IngestHandler(_publisher, _keys.Verifier(), _output.Logger, _output.Metrics, _clock);
    }

    [Fact]
    public async Task HandleAsync_ValidRecords_PublishesEachEventAsReadWithTypeAndSubject()
    {
        var response = await HandleAsync(KinesisEvents.Orders(3));

        Assert.Empty(response.BatchItemFailures);
        var batch = Assert.Single(_publisher.Batches);
        Assert.Equal(["ord-0", "ord-1", "ord-2"], batch.Select(e => e.Subject));
        Assert.All(batch, e => Assert.Equal(EventTypes.OrderPlaced, e.Type));
        Assert.Equal(KinesisEvents.OrderPlaced("ord-1", "evt-1"), batch[1].Message);
        Assert.Equal(batch.Count, batch.Select(e => e.EntryId).Distinct().Count());
    }

    [Fact]
    public async Task HandleAsync_InvalidRecord_PublishesRejectedEventWithRawRecordAndReason()
    {
        var records = new KinesisEvent([
            KinesisEvents.Record(0, "ord-0", KinesisEvents.OrderPlaced("ord-0", "evt-0")),
            KinesisEvents.Record(1, "ord-1", "{\"specversion\":\"1.0\"}"),
            KinesisEvents.Record(2, "ord-2", KinesisEvents.OrderPlaced("ord-2", "evt-2")),
        ]);

        var response = await HandleAsync(records);

        Assert.Empty(response.BatchItemFailures);
        var published = _publisher.Batches.SelectMany(b => b).ToList();
        Assert.Equal(3, published.Count);
        var rejected = published[1];
        Assert.Equal(EventTypes.IngestRejected, rejected.Type);
        Assert.Equal("ord-1", rejected.Subject);
        var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(rejected.Message));
        Assert.True(parsed.IsValid, parsed.Problem);
        var data = parsed.Event.Data;
        Assert.Equal("missing required attribute 'id'", data.GetProperty("reason").GetString());
        Assert.Equal(KinesisEvents.Sequence(1), data.GetProperty("sequenceNumber").GetString());
        Assert.Equal("shardId-000000000000", data.GetProperty("shardId").GetString());
        Assert.Equal(KinesisEvents.StreamArn, data.GetProperty("eventSourceArn").GetString());
        Assert.Equal("{\"specversion\":\"1.0\"}", Encoding.UTF8.GetString(Convert.FromBase64String(data.GetProperty("rawData").GetString()!)));
        Assert.False(data.GetProperty("rawTruncated").GetBoolean());
        Assert.Equal($"shardId-000000000000:{KinesisEvents.Sequence(1)}", parsed.Event.Id);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["RecordsRejected"]);
    }

    [Fact]
    public async Task HandleAsync_DataNotBase64_RejectsWithReasonAndKeepsDataAsDelivered()
    {
        var response = await HandleAsync(new KinesisEvent([KinesisEvents.RecordBase64(0, "k", "***not base64***")]));

        Assert.Empty(response.BatchItemFailures);
        var rejected = Assert.Single(Assert.Single(_publisher.Batches));
        using var doc = JsonDocument.Parse(rejected.Message);
        Assert.Equal("record data is not valid base64", doc.RootElement.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("***not base64***", doc.RootElement.GetProperty("data").GetProperty("rawData").GetString());
    }

    [Fact]
    public async Task HandleAsync_HugeInvalidRecord_RejectedEventStaysUnderSnsLimit()
    {
        var huge = new string('x', 900 * 1024);

        await HandleAsync(new KinesisEvent([KinesisEvents.Record(0, "k", huge)]));

        var rejected = Assert.Single(Assert.Single(_publisher.Batches));
        Assert.True(rejected.Size < 256 * 1024, $"rejected event is {rejected.Size} bytes");
        using var doc = JsonDocument.Parse(rejected.Message);
        var data = doc.RootElement.GetProperty("data");
        Assert.True(data.GetProperty("rawTruncated").GetBoolean());
        Assert.Equal(900 * 1024, data.GetProperty("rawSize").GetInt32());
        Assert.StartsWith("event is 921600 bytes", data.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_MoreThanTenRecords_PublishesBatchesOfTenInStreamOrder()
    {
        await HandleAsync(KinesisEvents.Orders(25));

        Assert.Equal([10, 10, 5], _publisher.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"ord-{i}"), _publisher.Batches.SelectMany(b => b).Select(e => e.Subject));
    }

    [Fact]
    public async Task HandleAsync_SameOrderTwice_NeverSharesABatch()
    {
        var records = new KinesisEvent([
            KinesisEvents.Record(0, "ord-a", KinesisEvents.OrderPlaced("ord-a", "e0")),
            KinesisEvents.Record(1, "ord-b", KinesisEvents.OrderPlaced("ord-b", "e1")),
            KinesisEvents.Record(2, "ord-a", KinesisEvents.OrderPlaced("ord-a", "e2")),
        ]);

        await HandleAsync(records);

        Assert.Equal([2, 1], _publisher.Batches.Select(b => b.Count));
        Assert.Equal("e2", JsonDocument.Parse(_publisher.Batches[1][0].Message).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task HandleAsync_LargeEvents_KeepsEachBatchUnder256KiB()
    {
        var padding = new string('p', 100 * 1024);
        var records = new KinesisEvent([.. Enumerable.Range(0, 5).Select(i => KinesisEvents.Record(i, $"o{i}", KinesisEvents.OrderPlaced($"o{i}", $"e{i}").Replace("\"tok_ok\"", $"\"{padding}\"", StringComparison.Ordinal)))]);

        await HandleAsync(records);

        Assert.All(_publisher.Batches, b => Assert.True(b.Sum(e => e.Size) <= 256 * 1024));
        Assert.Equal(5, _publisher.Batches.Sum(b => b.Count));
        Assert.True(_publisher.Batches.Count >= 3);
    }

    [Fact]
    public async Task HandleAsync_OrderTooBigForTheWorkflow_RejectedWithTheReasonBeforeAnyStep()
    {
        // Under the envelope's limit (an SNS message holds it), but the workflow adds to its state
        // for each of the 50 lines: Step Functions would fail it half-way with States.DataLimitExceeded.
        var lines = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"sku":"SKU-{{i}}","quantity":1,"unitPrice":5}"""));
        var big = KinesisEvents.OrderPlaced("ord-big", "evt-big")
            .Replace("""[{"sku":"SKU-1","quantity":1,"unitPrice":5}]""", $"[{lines}]", StringComparison.Ordinal)
            .Replace("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"note\":\"" + new string('n', 253_000) + "\"", StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(big), 255_000, CloudEvent.MaxBytes);
        var records = new KinesisEvent([KinesisEvents.Record(0, "ord-big", big), KinesisEvents.Record(1, "ord-0", KinesisEvents.OrderPlaced("ord-0", "evt-0"))]);

        var response = await HandleAsync(records);

        Assert.Empty(response.BatchItemFailures);
        var published = _publisher.Batches.SelectMany(b => b).ToList();
        Assert.Equal([EventTypes.IngestRejected, EventTypes.OrderPlaced], published.Select(e => e.Type));
        var rejected = CloudEventParser.Parse(Encoding.UTF8.GetBytes(published[0].Message)).Event!.Data;
        Assert.StartsWith("the order would outgrow the workflow", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("262144-byte limit", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["RecordsRejected"]);
    }

    [Fact]
    public async Task HandleAsync_PublishThrows_ResumesFromFirstRecordOfFailedBatchAndStops()
    {
        _publisher.Answer = (n, _) => n == 1 ? throw new HttpRequestException("connection reset") : [];

        var response = await HandleAsync(KinesisEvents.Orders(25));

        Assert.Equal(KinesisEvents.Sequence(10), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(2, _publisher.Batches.Count);
        var metrics = _output.MetricTotalsAfterFlush();
        Assert.Equal(10, metrics["EventsPublished"]);
        Assert.Equal(10, metrics["PublishFailures"]);
    }

    [Fact]
    public async Task HandleAsync_EntryFailedInsideSuccessfulCall_ResumesFromEarliestFailedRecord()
    {
        _publisher.Answer = (n, batch) => n == 0 ? [new FailedEntry(batch[6].EntryId, "InternalError", "x"), new FailedEntry(batch[3].EntryId, "Throttled", "slow down")] : [];

        var response = await HandleAsync(KinesisEvents.Orders(15));

        Assert.Equal(KinesisEvents.Sequence(3), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Single(_publisher.Batches);
    }

    [Fact]
    public async Task HandleAsync_LittleTimeLeft_HandsBackUnpublishedRecords()
    {
        var response = await _handler.HandleAsync(KinesisEvents.Orders(5), _output.Context(_clock, TimeSpan.FromMilliseconds(500)), CancellationToken.None);

        Assert.Equal(KinesisEvents.Sequence(0), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(_publisher.Batches);
    }

    [Fact]
    public async Task HandleAsync_WorkflowSignedOutcome_PublishedAsWritten()
    {
        var signed = KinesisEvents.Signed(_keys, KinesisEvents.Confirmed("ord-1"));

        var response = await HandleAsync(new KinesisEvent([KinesisEvents.Record(0, "ord-1", signed)]));

        Assert.Empty(response.BatchItemFailures);
        var published = Assert.Single(Assert.Single(_publisher.Batches));
        Assert.Equal(EventTypes.OrderConfirmed, published.Type);
        Assert.Equal(signed, published.Message);
    }

    [Theory]
    [InlineData("unsigned", "order.confirmed event carries no workflow signature (extension attribute 'sluicemac'): only the workflow writes outcomes")]
    [InlineData("other-source", "order.confirmed events are written only by the workflow (source 'sluice/orchestrator'); this one has source 'shop/checkout'")]
    [InlineData("other-key", "order.confirmed event's signature ('sluicemac') does not verify with the workflow's key: it was not written by the workflow, or was changed after")]
    [InlineData("altered", "order.confirmed event's signature ('sluicemac') does not verify with the workflow's key: it was not written by the workflow, or was changed after")]
    public async Task HandleAsync_OutcomeNotWrittenByTheWorkflow_RejectedWithTheReason(string forgery, string reason)
    {
        var forged = forgery switch
        {
            "unsigned" => KinesisEvents.Confirmed("ord-1"),
            "other-source" => KinesisEvents.Signed(_keys, KinesisEvents.Confirmed("ord-1", source: "shop/checkout")),
            "other-key" => KinesisEvents.Signed(new OutcomeKeys(), KinesisEvents.Confirmed("ord-1")),
            _ => KinesisEvents.Signed(_keys, KinesisEvents.Confirmed("ord-1")).Replace("\"total\":5", "\"total\":0.01", StringComparison.Ordinal),
        };

        var response = await HandleAsync(new KinesisEvent([KinesisEvents.Record(0, "ord-1", forged)]));

        Assert.Empty(response.BatchItemFailures);
        var rejected = Assert.Single(Assert.Single(_publisher.Batches));
        Assert.Equal(EventTypes.IngestRejected, rejected.Type);
        var data = CloudEventParser.Parse(Encoding.UTF8.GetBytes(rejected.Message)).Event!.Data;
        Assert.Equal(reason, data.GetProperty("reason").GetString());
        Assert.Equal(forged, Encoding.UTF8.GetString(Convert.FromBase64String(data.GetProperty("rawData").GetString()!)));
    }

    [Fact]
    public async Task HandleAsync_RejectionReportOnTheStream_Rejected()
    {
        var report = KinesisEvents.OrderPlaced("ord-1", "evt-1").Replace("\"type\":\"order.placed\"", "\"type\":\"sluice.ingest.rejected\"", StringComparison.Ordinal);

        await HandleAsync(new KinesisEvent([KinesisEvents.Record(0, "ord-1", report)]));

        var rejected = Assert.Single(Assert.Single(_publisher.Batches));
        var data = CloudEventParser.Parse(Encoding.UTF8.GetBytes(rejected.Message)).Event!.Data;
        Assert.Equal("sluice.ingest.rejected events are written only by the functions, to the rejected queue; they are not accepted from the stream", data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task HandleAsync_KmsCannotAnswer_PublishesWhatCameBefore_AndResumesAtTheOutcome()
    {
        var handler = new IngestHandler(_publisher, new Sluice.Shared.Domain.OutcomeVerifier((_, _, _) => throw new HttpRequestException("ThrottlingException")), _output.Logger, _output.Metrics, _clock);
        var records = new KinesisEvent([
            KinesisEvents.Record(0, "ord-0", KinesisEvents.OrderPlaced("ord-0", "evt-0")),
            KinesisEvents.Record(1, "ord-1", KinesisEvents.Signed(_keys, KinesisEvents.Confirmed("ord-1"))),
            KinesisEvents.Record(2, "ord-2", KinesisEvents.OrderPlaced("ord-2", "evt-2")),
        ]);

        var response = await handler.HandleAsync(records, _output.Context(_clock, TimeSpan.FromSeconds(30)), CancellationToken.None);

        Assert.Equal(KinesisEvents.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["ord-0"], _publisher.Batches.SelectMany(b => b).Select(e => e.Subject));
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["VerifyFailures"]);
    }

    [Fact]
    public async Task HandleAsync_EmptyEvent_Succeeds()
    {
        var response = await HandleAsync(new KinesisEvent([]));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(_publisher.Batches);
    }

    private Task<BatchResponse> HandleAsync(KinesisEvent kinesisEvent) =>
        _handler.HandleAsync(kinesisEvent, _output.Context(_clock, TimeSpan.FromSeconds(30)), CancellationToken.None);
}
