using System.Text.Json;
using Sluice.Cli.History;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Sqs;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Demo;

/// <summary>
/// What the pipeline did with the demo's orders, read the way a user would, through the endpoint:
/// executions through ListExecutions, outcome events from every shard of the stream (History's
/// reader; an outcome counts only when the workflow's signature on it verifies), and the
/// sluice.ingest.rejected records on the rejected queue (kept invisible, so each is read once).
/// </summary>
internal sealed class PipelineObserver(KinesisClient kinesis, StepFunctionsClient sfn, SqsClient sqs, OutcomeVerifier verifier,
    string stream, string stateMachineArn, string rejectedQueueUrl, IReadOnlyList<PutOrder> orders)
{
    // Long enough that a message read once is never read again while the demo runs.
    private const int HideSeconds = 43_200;

    private readonly Dictionary<string, (string PartitionKey, string Reason)> _rejected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orderIds = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Outcome events by event id (the stream is at-least-once: a repeated id is the same event).</summary>
    public Dictionary<string, OrderOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>Outcome events on the stream for the demo's orders that the workflow did not write, by (source, id, sequence number), with the reason.</summary>
    public Dictionary<string, (string OrderId, string Reason)> Untrusted { get; } = new(StringComparer.Ordinal);

    public List<ExecutionListItem> Executions { get; private set; } = [];

    public IEnumerable<(string PartitionKey, string Reason)> RejectedRecords => _rejected.Values.Where(r => _orderIds.Contains(r.PartitionKey));

    /// <summary>Orders Ingest did not reject.</summary>
    public IEnumerable<PutOrder> ValidOrders
    {
        get
        {
            var rejected = RejectedRecords.Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
            return orders.Where(o => !rejected.Contains(o.OrderId));
        }
    }

    /// <summary>Reads everything again; returns how many put records have reached their end (rejected at Ingest, or a terminal execution and an outcome event).</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        await ReadRejectedAsync(cancellationToken).ConfigureAwait(false);
        await ReadOutcomesAsync(cancellationToken).ConfigureAwait(false);
        Executions = await ReadExecutionsAsync(cancellationToken).ConfigureAwait(false);
        var terminal = Executions.Where(e => e.Status != "RUNNING").Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var withOutcome = Outcomes.Values.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return RejectedRecords.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count()
            + ValidOrders.Count(o => terminal.Contains(o.ExecutionName) && withOutcome.Contains(o.OrderId));
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
                _rejected[message.MessageId] = ParseRejected(message.Body);
            }
        }
    }

    private static (string PartitionKey, string Reason) ParseRejected(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var data = document.RootElement.GetProperty("data");
            return (data.GetProperty("partitionKey").GetString() ?? "", data.GetProperty("reason").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ("", $"unreadable {EventTypes.IngestRejected} record: " + e.Message);
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
                    Untrusted[$"{e.Source} {e.Id} {sequence}"] = (outcome.OrderId, reason);
                }
                else
                {
                    Outcomes[outcome.EventId] = outcome;
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
