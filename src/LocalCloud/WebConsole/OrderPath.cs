using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Sns;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// An order's path through the pipeline, for each record on the stream whose partition key is the
/// order id: the stream record → the SNS message Ingest published for it (the same event's
/// <c>(source, id)</c>; for a record Ingest refused, its <c>sluice.ingest.rejected</c> event, whose id is the
/// record's <c>shardId:sequenceNumber</c>) → the SQS message each subscription made of it (SNS's
/// delivery record) → the execution (the name <see cref="ExecutionName.For"/> gives the event, with the
/// same input) → the outcome event on the stream (its <c>causationId</c> is the event's id). Each hop
/// says whether it was reached, is under way, or where and why the order stopped.
/// </summary>
internal static class OrderPath
{
    public static async Task<byte[]> ReadAsync(string orderId, RegionalServices.Services services, ExecutionIndex index, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = new List<(KinesisStream Stream, KinesisShard Shard, KinesisRecord Record, CloudEvent? Event, string? Problem)>();
        foreach (var stream in services.Kinesis.ListStreams())
        {
            foreach (var shard in stream.Shards)
            {
                foreach (var record in shard.WithPartitionKey(orderId))
                {
                    var parsed = CloudEventParser.Parse(record.Data);
                    records.Add((stream, shard, record, parsed.Event, parsed.Problem));
                }
            }
        }

        records.Sort((a, b) => a.Record.ArrivalTime != b.Record.ArrivalTime ? a.Record.ArrivalTime.CompareTo(b.Record.ArrivalTime) : string.CompareOrdinal(a.Record.SequenceNumber, b.Record.SequenceNumber));
        var trail = services.Sns.Trail.ForSubject(orderId);
        // An outcome Ingest refused (unsigned, forged) answers nothing: it gets a path of its own, stopped at Ingest.
        bool Refused(KinesisShard shard, KinesisRecord record) =>
            trail.Any(t => t.EventType == EventTypes.IngestRejected && t.EventId == shard.ShardId + ":" + record.SequenceNumber);
        bool IsOutcome(CloudEvent? e) => e is not null && EventTypes.IsOutcome(e.Type) && e.Source == OrderOutcome.Source;
        var outcomes = records.Where(r => IsOutcome(r.Event) && !Refused(r.Shard, r.Record))
            .Select(r => (r.Stream, r.Shard, r.Record, Outcome: OrderOutcome.From(r.Event!)))
            .Where(r => r.Outcome is not null)
            .ToList();

        var paths = new JsonArray();
        foreach (var (stream, shard, record, e, problem) in records)
        {
            if (IsOutcome(e) && !Refused(shard, record))
            {
                // Shown as the last hop of the order.placed it answers.
                continue;
            }

            var hops = new JsonArray
            {
                Hop("stream", "ok", $"Record on stream {stream.Name}", new JsonObject
                {
                    ["stream"] = stream.Name,
                    ["shardId"] = shard.ShardId,
                    ["sequenceNumber"] = record.SequenceNumber,
                    ["arrival"] = record.ArrivalTime.ToUnixTimeMilliseconds(),
                    ["bytes"] = record.Data.Length,
                    ["eventId"] = e?.Id,
                    ["source"] = e?.Source,
                    ["type"] = e?.Type,
                    ["problem"] = problem,
                }),
            };
            var path = new JsonObject { ["eventId"] = e?.Id, ["source"] = e?.Source, ["type"] = e?.Type, ["sequenceNumber"] = record.SequenceNumber, ["hops"] = hops };
            paths.Add((JsonNode)path);

            var refusal = trail.FirstOrDefault(t => t.EventType == EventTypes.IngestRejected && t.EventId == shard.ShardId + ":" + record.SequenceNumber);
            if (refusal is not null)
            {
                var deliveries = Deliveries(refusal, services, now, out var body);
                hops.Add(Hop("ingest", "stopped", "Refused by Ingest: published as a sluice.ingest.rejected event", new JsonObject
                {
                    ["messageId"] = refusal.MessageId,
                    ["topicArn"] = refusal.TopicArn,
                    ["time"] = refusal.Time.ToUnixTimeMilliseconds(),
                    ["eventId"] = refusal.EventId,
                    ["reason"] = Reason(body),
                    ["deliveries"] = deliveries,
                }));
                End(path, "stopped", "ingest", $"Ingest refused the record: {Reason(body) ?? "the reason is in the sluice.ingest.rejected event"}");
                continue;
            }

            if (e is null)
            {
                hops.Add(Hop("ingest", "missing", "Not yet taken by Ingest", new JsonObject { ["note"] = Unseen(services.Sns.Trail) }));
                End(path, "waiting", "ingest", $"The record is not an event ({problem}); Ingest has not published its rejection yet.");
                continue;
            }

            // The SNS messages of this event: one per publish (a re-put or a retried batch publishes it again).
            var published = trail.Where(t => t.EventSource == e.Source && t.EventId == e.Id && t.EventType == e.Type).ToList();
            if (published.Count == 0)
            {
                hops.Add(Hop("sns", "missing", "No SNS message yet", new JsonObject { ["note"] = Unseen(services.Sns.Trail) }));
            }
            else
            {
                var messages = new JsonArray();
                var queued = new JsonArray();
                foreach (var message in published)
                {
                    var deliveries = Deliveries(message, services, now, out _);
                    messages.Add((JsonNode)new JsonObject
                    {
                        ["messageId"] = message.MessageId,
                        ["topicArn"] = message.TopicArn,
                        ["time"] = message.Time.ToUnixTimeMilliseconds(),
                    });
                    foreach (var delivery in deliveries)
                    {
                        if (delivery!["sqsMessageId"] is not null)
                        {
                            queued.Add((JsonNode?)delivery.DeepClone());
                        }
                    }
                }

                hops.Add(Hop("sns", "ok", published.Count == 1 ? "SNS message" : $"{published.Count} SNS messages (published again)", new JsonObject { ["messages"] = messages }));
                var filtered = published.SelectMany(p => p.Deliveries()).Where(d => d.Result == "filtered").Select(d => d.SubscriptionArn).Distinct().ToList();
                var sqsStatus = queued.Count == 0 ? "stopped"
                    : queued.Any(q => (string?)q!["state"] == "consumed") ? "ok"
                    : queued.Any(q => (string?)q!["state"] is "waiting" or "in flight") ? "running"
                    : "stopped";
                hops.Add(Hop("sqs", sqsStatus, queued.Count == 0 ? "Delivered to no queue" : queued.Count == 1 ? "SQS message" : $"{queued.Count} SQS messages",
                    new JsonObject { ["messages"] = queued, ["filteredOut"] = new JsonArray([.. filtered.Select(f => (JsonNode)JsonValue.Create(f))]) }));
                if (queued.Count == 0)
                {
                    End(path, "stopped", "sqs", "No subscription's filter policy took the message.");
                    continue;
                }
            }

            if (e.Type != EventTypes.OrderPlaced)
            {
                End(path, "complete", null, $"A {e.Type} event starts no workflow.");
                continue;
            }

            var name = ExecutionName.For(e.Source, e.Id);
            var executions = await index.NamedAsync(name, cancellationToken).ConfigureAwait(false);
            var row = executions.FirstOrDefault();
            if (row is null)
            {
                hops.Add(Hop("execution", "missing", "No execution yet", new JsonObject { ["name"] = name }));
                End(path, "waiting", "execution", $"No execution named {name} (the name the Processor gives this event) exists yet.");
                continue;
            }

            var x = row.Execution;
            var execution = new JsonObject
            {
                ["name"] = x.Name,
                ["executionArn"] = x.ExecutionArn,
                ["stateMachineName"] = x.StateMachineName,
                ["status"] = x.Status,
                ["startDate"] = x.StartDate.ToUnixTimeMilliseconds(),
                ["stopDate"] = x.StopDate?.ToUnixTimeMilliseconds(),
                ["outcome"] = row.Outcome,
                ["error"] = row.Error,
                ["cause"] = row.Cause,
                ["failedState"] = row.FailedState,
                ["catchingState"] = row.CatchingState,
            };
            if (!SameJson(x.InputText, e.Json))
            {
                hops.Add(Hop("execution", "stopped", "Conflict: the execution of this name ran other content", execution));
                End(path, "stopped", "execution", $"Execution {name} was started by another event with the same (source, id); the Processor sends this one to the rejected queue as a conflict.");
                continue;
            }

            var (status, title) = x.Status switch
            {
                "RUNNING" => ("running", "Execution running"),
                "SUCCEEDED" => ("ok", "Execution succeeded"),
                _ => ("stopped", $"Execution {x.Status.ToLowerInvariant().Replace('_', ' ')}"),
            };
            hops.Add(Hop("execution", status, title, execution));
            if (status != "ok")
            {
                End(path, status == "running" ? "waiting" : "stopped", "execution", status == "running"
                    ? "The execution is running."
                    : $"The execution {x.Status}" + (row.FailedState is { } state ? $" in state {state}" : "") + (row.Error is { } error ? $": {error}" : "") + (row.Cause is { } cause ? $" ({cause})" : ""));
                continue;
            }

            var outcome = outcomes.FirstOrDefault(o => (o.Outcome!.Confirmed?.CausationId ?? o.Outcome.Rejected?.CausationId) == e.Id);
            if (outcome.Outcome is null)
            {
                hops.Add(Hop("outcome", "missing", "No outcome event on the stream", null));
                End(path, "stopped", "outcome", "The execution succeeded but no outcome event answering this event is on the stream.");
                continue;
            }

            var o = outcome.Outcome;
            hops.Add(Hop("outcome", "ok", o.Confirmed is not null ? "Order confirmed" : $"Order rejected: {o.Rejected!.Reason.Error}", new JsonObject
            {
                ["stream"] = outcome.Stream.Name,
                ["shardId"] = outcome.Shard.ShardId,
                ["sequenceNumber"] = outcome.Record.SequenceNumber,
                ["arrival"] = outcome.Record.ArrivalTime.ToUnixTimeMilliseconds(),
                ["eventId"] = o.EventId,
                ["type"] = o.Confirmed is not null ? EventTypes.OrderConfirmed : EventTypes.OrderRejected,
                ["outcome"] = o.Label,
                ["reason"] = o.Rejected?.Reason.Cause,
            }));
            End(path, "complete", null, o.Confirmed is not null ? "Confirmed." : $"Rejected: {o.Rejected!.Reason.Error}.");
        }

        var result = new JsonObject
        {
            ["orderId"] = orderId,
            ["records"] = records.Count,
            ["paths"] = paths,
            ["trailCapacity"] = services.Sns.Trail.Capacity,
        };
        return Encoding.UTF8.GetBytes(result.ToJsonString());
    }

    private static JsonNode Hop(string hop, string status, string title, JsonObject? detail) =>
        new JsonObject { ["hop"] = hop, ["status"] = status, ["title"] = title, ["detail"] = detail };

    /// <param name="end">complete, waiting (still moving, or not yet seen at the next hop) or stopped.</param>
    private static void End(JsonObject path, string end, string? at, string summary)
    {
        path["end"] = end;
        path["at"] = at;
        path["summary"] = summary;
    }

    private static string Unseen(SnsTrail trail) =>
        $"Not published yet, or published before this local cloud started (SNS's delivery record is kept in memory, for the newest {trail.Capacity:N0} messages).";

    /// <summary>Each subscription's delivery of a message, with what became of the SQS message: waiting, in flight, consumed (deleted) or in another queue (a dead-letter queue).</summary>
    private static JsonArray Deliveries(SnsTrail.Entry message, RegionalServices.Services services, DateTimeOffset now, out string? body)
    {
        body = null;
        var list = new JsonArray();
        var at = now.ToUnixTimeMilliseconds();
        foreach (var d in message.Deliveries())
        {
            var item = new JsonObject { ["subscriptionArn"] = d.SubscriptionArn, ["result"] = d.Result, ["queueArn"] = d.QueueArn, ["sqsMessageId"] = d.SqsMessageId };
            if (d.SqsMessageId is { } id && d.QueueArn is { } queueArn)
            {
                var queue = services.Sqs.FindByArn(queueArn);
                item["queue"] = queue?.Name ?? queueArn[(queueArn.LastIndexOf(':') + 1)..];
                if (queue?.Peek(id, at) is { } held)
                {
                    body ??= held.Body;
                    item["state"] = held.InFlight ? "in flight" : "waiting";
                    item["receiveCount"] = held.ReceiveCount;
                }
                else if (Elsewhere(services, id, queueArn, at) is { } moved)
                {
                    body ??= moved.Body;
                    item["state"] = "moved";
                    item["movedTo"] = moved.Queue;
                    item["receiveCount"] = moved.ReceiveCount;
                }
                else
                {
                    item["state"] = queue is null ? "queue deleted" : "consumed";
                }
            }

            list.Add((JsonNode)item);
        }

        return list;
    }

    /// <summary>The message in another queue of the region: where a redrive policy moved it.</summary>
    private static (string Queue, string Body, int ReceiveCount)? Elsewhere(RegionalServices.Services services, string messageId, string queueArn, long now)
    {
        foreach (var url in services.Sqs.ListQueues(null))
        {
            var queue = services.Sqs.Resolve(url);
            if (queue.Arn != queueArn && queue.Peek(messageId, now) is { } held)
            {
                return (queue.Name, held.Body, held.ReceiveCount);
            }
        }

        return null;
    }

    /// <summary>The <c>data.reason</c> of a rejection event's body.</summary>
    private static string? Reason(string? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
                ? reason.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Equal as JSON (member order and spacing aside), as the Processor compares an execution's input with an event.</summary>
    private static bool SameJson(string a, string b)
    {
        try
        {
            using var x = JsonDocument.Parse(a);
            using var y = JsonDocument.Parse(b);
            return JsonElement.DeepEquals(x.RootElement, y.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
