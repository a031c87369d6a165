using System.Text.Json;
using Sluice.Cli.History;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Sqs;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Demo;

/// <summary>
/// What the pipeline did with the demo's records, read the way a user would, through the endpoint:
/// executions through ListExecutions, outcome events from every shard of the stream (History's
/// reader; an outcome counts only when the workflow's signature on it verifies), and the
/// <c>sluice.ingest.rejected</c> and <c>sluice.processor.rejected</c> records on the rejected queue
/// (kept invisible, so each is read once).
/// </summary>
internal sealed class PipelineObserver(KinesisClient kinesis, StepFunctionsClient sfn, SqsClient sqs, OutcomeVerifier verifier,
    string stream, string stateMachineArn, string rejectedQueueUrl, IReadOnlyList<PutOrder> records)
{
    // Long enough that a message read once is never read again while the demo runs.
    private const int HideSeconds = 43_200;

    private readonly HashSet<string> _orderIds = records.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Everything read so far.</summary>
    public PipelineSeen Seen { get; } = new();

    /// <summary>Reads everything again; returns how many put records have reached their end (on the rejected queue, or a terminal execution and an outcome event).</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        await ReadRejectedAsync(cancellationToken).ConfigureAwait(false);
        await ReadOutcomesAsync(cancellationToken).ConfigureAwait(false);
        Seen.Executions = await ReadExecutionsAsync(cancellationToken).ConfigureAwait(false);
        var terminal = Seen.Executions.Where(e => e.Status != "RUNNING").Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var withOutcome = Seen.Outcomes.Values.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return records.Count(r => Seen.RejectionOf(r) is not null || (terminal.Contains(r.ExecutionName) && withOutcome.Contains(r.OrderId)));
    }

    private async Task ReadRejectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await sqs.ReceiveMessageAsync(rejectedQueueUrl, 10, waitTimeSeconds: 0, visibilityTimeout: HideSeconds, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (received.Count == 0)
            {
                return;
            }

            foreach (var message in received)
            {
                Seen.Rejected[message.MessageId] = RejectedRecord.Parse(message.Body);
            }
        }
    }

    private async Task ReadOutcomesAsync(CancellationToken cancellationToken)
    {
        foreach (var shard in await kinesis.ListAllShardsAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            var found = new List<(CloudEvent Event, OrderOutcome Outcome, string Sequence)>();
            await ShardReader.ReadAsync(kinesis, stream, shard.ShardId, record =>
            {
                if (ParseOutcome(record.Data) is { } read && _orderIds.Contains(read.Outcome.OrderId))
                {
                    found.Add((read.Event, read.Outcome, record.SequenceNumber));
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (var (e, outcome, sequence) in found)
            {
                if (await verifier.RefusalAsync(e, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    Seen.Untrusted[$"{e.Source} {e.Id} {sequence}"] = new UntrustedOutcome(outcome.OrderId, e.Source, e.Id, reason);
                }
                else
                {
                    Seen.Outcomes[outcome.EventId] = outcome;
                }
            }
        }
    }

    /// <summary>The outcome a stream record carries, with its event; null for order.placed records (the malformed ones too) and anything else.</summary>
    internal static (CloudEvent Event, OrderOutcome Outcome)? ParseOutcome(byte[] data)
    {
        var parsed = CloudEventParser.Parse(data);
        return parsed.IsValid && OrderOutcome.From(parsed.Event) is { } outcome ? (parsed.Event, outcome) : null;
    }

    private async Task<List<ExecutionListItem>> ReadExecutionsAsync(CancellationToken cancellationToken)
    {
        var all = new List<ExecutionListItem>();
        await foreach (var page in sfn.ListExecutionsPagesAsync(stateMachineArn, pageSize: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.AddRange(page.Executions);
        }

        return all;
    }
}

/// <summary>What the observer has read: outcomes, executions, rejected-queue records.</summary>
internal sealed class PipelineSeen
{
    /// <summary>Outcome events the workflow wrote (their signature verifies), by event id (the stream is at-least-once: a repeated id is the same event).</summary>
    public Dictionary<string, OrderOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>Outcome events on the stream for the demo's orders that the workflow did not write, by (source, id, sequence number), with the reason.</summary>
    public Dictionary<string, UntrustedOutcome> Untrusted { get; } = new(StringComparer.Ordinal);

    /// <summary>Records on the rejected queue, by message id.</summary>
    public Dictionary<string, RejectedRecord> Rejected { get; } = new(StringComparer.Ordinal);

    public List<ExecutionListItem> Executions { get; set; } = [];

    /// <summary>The rejected-queue record for a put record: Ingest's, matched by the record's bytes, or the Processor's conflict, matched by (source, id, order id); null when neither rejected it.</summary>
    public RejectedRecord? RejectionOf(PutOrder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Rejected.Values.FirstOrDefault(r => r.Type == EventTypes.IngestRejected
                ? r.Digest == record.Digest && r.PartitionKey == record.OrderId
                : r.EventSource == record.Source && r.EventId == record.EventId && r.PartitionKey == record.OrderId);
    }
}

/// <summary>An outcome event on the stream that does not verify as the workflow's, and why.</summary>
internal sealed record UntrustedOutcome(string OrderId, string Source, string Id, string Reason);

/// <summary>
/// A record on the rejected queue: <c>sluice.ingest.rejected</c> (carries the raw record, so
/// <see cref="Digest"/> is the SHA-256 of its bytes) or <c>sluice.processor.rejected</c> (a conflict:
/// carries the event's <see cref="EventSource"/> and <see cref="EventId"/>).
/// </summary>
internal sealed record RejectedRecord(string Type, string PartitionKey, string Reason, string? Digest, string? EventSource, string? EventId)
{
    public static RejectedRecord Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var data = root.GetProperty("data");
            var raw = data.TryGetProperty("rawData", out var r) && r.GetString() is { } base64
                && !(data.TryGetProperty("rawTruncated", out var cut) && cut.ValueKind == JsonValueKind.True)
                ? PutOrder.DigestOf(Convert.FromBase64String(base64)) : null;
            return new RejectedRecord(
                root.GetProperty("type").GetString() ?? "",
                data.GetProperty("partitionKey").GetString() ?? "",
                data.GetProperty("reason").GetString() ?? "",
                raw,
                data.TryGetProperty("eventSource", out var s) ? s.GetString() : null,
                data.TryGetProperty("eventId", out var i) ? i.GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new RejectedRecord("", "", $"unreadable rejected record: {e.Message}", null, null, null);
        }
    }
}
