using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;
using Sluice.Shared.Events;
using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;
using Sluice.Shared.Runtime;

namespace Sluice.Ingest;

/// <summary>
/// Kinesis batch in, partial-batch response out. Every record becomes exactly one published
/// event: its own CloudEvent when valid, a <c>sluice.ingest.rejected</c> event when not. If a
/// publish fails, the response names the earliest record not yet published, so the stream retries
/// from there and nothing after it is skipped (later records may be published twice: consumers are
/// idempotent). Outcome events are accepted only when the workflow wrote them (its KMS signature
/// verifies); when KMS cannot answer, the stream retries from that record.
/// </summary>
internal sealed class IngestHandler(IEventPublisher publisher, OutcomeVerifier verifier, LambdaLogger logger, MetricsRecorder metrics, TimeProvider clock)
{
    /// <summary>Below this much time left, stop publishing and hand the rest back rather than time out.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    public async Task<BatchResponse> HandleAsync(KinesisEvent kinesisEvent, LambdaContext context, CancellationToken cancellationToken)
    {
        var records = kinesisEvent.Records ?? [];
        metrics.Add("RecordsReceived", MetricUnit.Count, records.Count);
        var events = new List<OutgoingEvent>(records.Count);
        var rejected = 0;
        KinesisEventRecord? unverified = null;
        for (var i = 0; i < records.Count; i++)
        {
            var (item, parsed, raw) = Decode(records[i], $"r{i}");
            if (parsed is not null && EventTypes.IsOutcome(parsed.Type))
            {
                string? refusal;
                try
                {
                    refusal = await verifier.RefusalAsync(parsed, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Nothing is decided about this record: publish what came before it, and the stream retries from it.
                    logger.Error(exception, "Could not verify the outcome in record {sequence_number}; the stream resumes there", ("sequence_number", records[i].Kinesis.SequenceNumber));
                    metrics.Add("VerifyFailures", MetricUnit.Count, 1);
                    unverified = records[i];
                    break;
                }

                if (refusal is not null)
                {
                    item = Rejection(records[i], raw, refusal, item.EntryId);
                }
            }

            if (item.Type == EventTypes.IngestRejected)
            {
                rejected++;
            }

            events.Add(item);
        }

        metrics.Add("RecordsRejected", MetricUnit.Count, rejected);
        var published = 0;
        foreach (var batch in BatchPlanner.Plan(events))
        {
            if (context.RemainingTime < SafetyMargin)
            {
                logger.Warning("Stopping early with {remaining_ms} ms left; the stream resumes at {sequence_number}", ("remaining_ms", context.RemainingTime.TotalMilliseconds), ("sequence_number", batch[0].SequenceNumber));
                return Resume(batch[0], published);
            }

            IReadOnlyList<FailedEntry> failed;
            try
            {
                failed = await publisher.PublishBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.Error(exception, "PublishBatch failed; the stream resumes at {sequence_number}", ("sequence_number", batch[0].SequenceNumber), ("batch_size", batch.Count));
                metrics.Add("PublishFailures", MetricUnit.Count, batch.Count);
                return Resume(batch[0], published);
            }

            if (failed.Count > 0)
            {
                var ids = failed.Select(f => f.EntryId).ToHashSet(StringComparer.Ordinal);
                var earliest = batch.First(e => ids.Contains(e.EntryId));
                var reason = failed.First(f => f.EntryId == earliest.EntryId);
                logger.Error(null, "PublishBatch reported {failed_count} failed entries ({code}: {reason}); the stream resumes at {sequence_number}", ("failed_count", failed.Count), ("code", reason.Code), ("reason", reason.Message), ("sequence_number", earliest.SequenceNumber));
                metrics.Add("PublishFailures", MetricUnit.Count, failed.Count);
                published += batch.Count - failed.Count;
                return Resume(earliest, published);
            }

            published += batch.Count;
        }

        if (unverified is not null)
        {
            metrics.Add("EventsPublished", MetricUnit.Count, published);
            return new BatchResponse([new BatchItemFailure(unverified.Kinesis.SequenceNumber)]);
        }

        metrics.Add("EventsPublished", MetricUnit.Count, published);
        logger.Information("Published {published} events ({rejected} rejected records) from {record_count} records", ("published", published), ("rejected", rejected), ("record_count", records.Count));
        return BatchResponse.Success;
    }

    private (OutgoingEvent Item, CloudEvent? Event, byte[]? Raw) Decode(KinesisEventRecord record, string entryId)
    {
        var sequenceNumber = record.Kinesis.SequenceNumber;
        byte[]? raw = null;
        string problem;
        try
        {
            raw = Convert.FromBase64String(record.Kinesis.Data ?? string.Empty);
            var result = CloudEventParser.Parse(raw);
            if (!result.IsValid)
            {
                problem = result.Problem;
            }
            else if (Admission(result.Event) is { } refused)
            {
                problem = refused;
            }
            else
            {
                return (new OutgoingEvent(entryId, sequenceNumber, result.Event.Json, result.Event.Type, result.Event.Subject), result.Event, raw);
            }
        }
        catch (FormatException)
        {
            problem = "record data is not valid base64";
        }

        return (Rejection(record, raw, problem, entryId), null, raw);
    }

    /// <summary>The <c>sluice.ingest.rejected</c> event that takes a record's place, with the record and the reason.</summary>
    private OutgoingEvent Rejection(KinesisEventRecord record, byte[]? raw, string problem, string entryId)
    {
        logger.Warning("Rejected record {sequence_number}: {reason}", ("sequence_number", record.Kinesis.SequenceNumber), ("partition_key", record.Kinesis.PartitionKey), ("reason", problem));
        var message = RejectedEvent.Create(record, raw, problem, clock.GetUtcNow());
        var subject = string.IsNullOrEmpty(record.Kinesis.PartitionKey) ? null : record.Kinesis.PartitionKey;
        return new OutgoingEvent(entryId, record.Kinesis.SequenceNumber, message, EventTypes.IngestRejected, subject);
    }

    /// <summary>
    /// Why a well-formed event may not go on, or null: an order the workflow could not hold is refused
    /// before any step runs; the functions' rejection reports never come from the stream. Outcomes are
    /// judged by the verifier (source, signature, KMS) in <see cref="HandleAsync"/>.
    /// </summary>
    private static string? Admission(CloudEvent e) => e.Type switch
    {
        EventTypes.OrderPlaced => WorkflowBudget.Problem(e),
        _ when EventTypes.IsRejection(e.Type) => $"{e.Type} events are written only by the functions, to the rejected queue; they are not accepted from the stream",
        _ => null,
    };

    private BatchResponse Resume(OutgoingEvent from, int published)
    {
        metrics.Add("EventsPublished", MetricUnit.Count, published);
        return new BatchResponse([new BatchItemFailure(from.SequenceNumber)]);
    }
}
