using System.Text.Json;
using Sluice.Cli.History;
using Sluice.LocalCloud.Sqs;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Demo;

/// <summary>
/// What the pipeline did with the demo's orders, read the way a user would: executions through
/// ListExecutions, outcome events from every shard of the stream (History's reader), and the
/// sluice.ingest.rejected records on the rejected queue (kept invisible, so each is read once).
/// </summary>
internal sealed class PipelineObserver(KinesisClient kinesis, StepFunctionsClient sfn, SqsService sqs,
    string stream, string stateMachineArn, string rejectedQueueUrl, IReadOnlyList<PutOrder> orders)
{
    private const string Confirmed = "order.confirmed";
    private const string Rejected = "order.rejected";
    private readonly Dictionary<string, (string PartitionKey, string Reason)> _rejected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orderIds = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);

    public Dictionary<string, OutcomeEvent> Outcomes { get; } = new(StringComparer.Ordinal);

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
            var received = await sqs.ReceiveMessageAsync(rejectedQueueUrl,
                new SqsReceiveRequest { MaxNumberOfMessages = 10, VisibilityTimeout = 43_200, WaitTimeSeconds = 0 }, cancellationToken).ConfigureAwait(false);
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
            return ("", "unreadable sluice.ingest.rejected record: " + e.Message);
        }
    }

    private async Task ReadOutcomesAsync(CancellationToken cancellationToken)
    {
        var shards = new List<Shard>();
        string? next = null;
        do
        {
            var page = await kinesis.ListShardsAsync(stream, next, cancellationToken: cancellationToken).ConfigureAwait(false);
            shards.AddRange(page.Shards);
            next = page.NextToken;
        }
        while (next is not null);

        foreach (var shard in shards)
        {
            await ShardReader.ReadAsync(kinesis, stream, shard.ShardId, record =>
            {
                if (ParseOutcome(record.Data) is { } outcome && _orderIds.Contains(outcome.OrderId))
                {
                    Outcomes[outcome.Id] = outcome;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static OutcomeEvent? ParseOutcome(byte[] data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is not (Confirmed or Rejected) || !root.TryGetProperty("id", out var id) || !root.TryGetProperty("subject", out var subject))
            {
                return null;
            }
            var outcome = type == Confirmed ? "confirmed"
                : root.TryGetProperty("data", out var d) && d.TryGetProperty("reason", out var reason) && reason.TryGetProperty("error", out var error)
                    ? "rejected:" + error.GetString()
                    : "rejected:unknown";
            return new OutcomeEvent(id.GetString() ?? "", subject.GetString() ?? "", outcome);
        }
        catch (JsonException)
        {
            // Order.placed records the generator made malformed on purpose share the stream.
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<List<ExecutionListItem>> ReadExecutionsAsync(CancellationToken cancellationToken)
    {
        var all = new List<ExecutionListItem>();
        string? next = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(stateMachineArn, maxResults: 1000, nextToken: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Executions);
            next = page.NextToken;
        }
        while (next is not null);
        return all;
    }
}
