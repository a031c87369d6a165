using System.Text;
using System.Text.Json;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;
using Sluice.Shared.Events;
using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;
using Sluice.Shared.Runtime;

namespace Sluice.Processor;

/// <summary>
/// SQS batch in, partial-batch response out: one workflow execution per <c>order.placed</c>
/// message, named after the event's <c>(source, id)</c> so a redelivered message never starts a
/// second run. When the name is taken, the existing execution's input says which case it is: the
/// same event (a duplicate, nothing to do) or different content under the same identity (a
/// conflict, sent to the rejected queue with the reason, never dropped). A failed start is an item
/// failure: SQS redelivers it and, after the queue's maxReceiveCount, the DLQ keeps it.
/// </summary>
internal sealed class ProcessorHandler(IExecutionStarter starter, IRejectedQueue rejected, LambdaLogger logger, MetricsRecorder metrics, TimeProvider clock)
{
    /// <summary>Below this much time left, hand the remaining messages back rather than time out.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    public async Task<BatchResponse> HandleAsync(SqsEvent sqsEvent, LambdaContext context, CancellationToken cancellationToken)
    {
        var messages = sqsEvent.Records ?? [];
        var failures = new List<BatchItemFailure>();
        int started = 0, duplicates = 0, conflicts = 0;
        foreach (var message in messages)
        {
            if (context.RemainingTime < SafetyMargin)
            {
                logger.Warning("Handing back message {message_id} with {remaining_ms} ms left", ("message_id", message.MessageId), ("remaining_ms", context.RemainingTime.TotalMilliseconds));
                failures.Add(new BatchItemFailure(message.MessageId));
                continue;
            }

            switch (await StartAsync(message, cancellationToken).ConfigureAwait(false))
            {
                case StartOutcome.Started: started++; break;
                case StartOutcome.AlreadyExists: duplicates++; break;
                case StartOutcome.Conflict: conflicts++; break;
                default: failures.Add(new BatchItemFailure(message.MessageId)); break;
            }
        }

        metrics.Add("MessagesReceived", MetricUnit.Count, messages.Count);
        metrics.Add("ExecutionsStarted", MetricUnit.Count, started);
        metrics.Add("DuplicateStarts", MetricUnit.Count, duplicates);
        metrics.Add("Conflicts", MetricUnit.Count, conflicts);
        metrics.Add("StartFailures", MetricUnit.Count, failures.Count);
        logger.Information("Started {started} executions, {duplicates} duplicates, {conflicts} conflicts, {failed} failed of {message_count} messages", ("started", started), ("duplicates", duplicates), ("conflicts", conflicts), ("failed", failures.Count), ("message_count", messages.Count));
        return failures.Count == 0 ? BatchResponse.Success : new BatchResponse(failures);
    }

    /// <returns>The outcome, or null when the message must be retried.</returns>
    private async Task<StartOutcome?> StartAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(message.Body ?? string.Empty));
        if (!parsed.IsValid)
        {
            logger.Error(null, "Message {message_id} is not a valid event: {reason}", ("message_id", message.MessageId), ("reason", parsed.Problem), ("receive_count", message.Attributes?.GetValueOrDefault("ApproximateReceiveCount")));
            return null;
        }

        if (parsed.Event.Type != EventTypes.OrderPlaced)
        {
            logger.Error(null, "Message {message_id} carries a {event_type} event; only order.placed starts a workflow", ("message_id", message.MessageId), ("event_type", parsed.Event.Type));
            return null;
        }

        var name = ExecutionName.For(parsed.Event.Source, parsed.Event.Id);
        try
        {
            var outcome = await starter.StartAsync(name, parsed.Event.Json, cancellationToken).ConfigureAwait(false);
            return outcome == StartOutcome.AlreadyExists ? await SettleExistingAsync(name, parsed.Event, cancellationToken).ConfigureAwait(false) : outcome;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.Error(exception, "Starting execution {execution_name} failed; message {message_id} will be retried", ("execution_name", name), ("message_id", message.MessageId), ("order_id", parsed.Event.Subject));
            return null;
        }
    }

    /// <summary>A duplicate when the existing execution ran this very event; a conflict (rejected, with the reason) when it ran other content.</summary>
    private async Task<StartOutcome?> SettleExistingAsync(string name, CloudEvent placed, CancellationToken cancellationToken)
    {
        var existing = await starter.DescribeAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            logger.Warning("Execution {execution_name} was refused as existing but cannot be described; the message will be retried", ("execution_name", name), ("event_id", placed.Id));
            return null;
        }

        if (existing.Input is { } input && SameEvent(input, placed.Json))
        {
            logger.Information("Execution {execution_name} already exists: duplicate delivery of event {event_id}", ("execution_name", name), ("event_id", placed.Id), ("order_id", placed.Subject));
            return StartOutcome.AlreadyExists;
        }

        var conflict = ConflictEvent.Create(placed, existing.Arn, clock.GetUtcNow());
        await rejected.SendAsync(conflict, EventTypes.ProcessorRejected, placed.Subject, cancellationToken).ConfigureAwait(false);
        logger.Warning("Event {event_id} from {event_source} conflicts with execution {execution_name}, started by other content under the same identity; sent to the rejected queue",
            ("event_id", placed.Id), ("event_source", placed.Source), ("execution_name", name), ("order_id", placed.Subject));
        return StartOutcome.Conflict;
    }

    /// <summary>Equal as JSON (member order and spacing aside): what a re-put of the same record delivers.</summary>
    private static bool SameEvent(string existingInput, string json)
    {
        try
        {
            using var a = JsonDocument.Parse(existingInput);
            using var b = JsonDocument.Parse(json);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
