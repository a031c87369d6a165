using System.Text;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;
using Sluice.Shared.Events;
using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;
using Sluice.Shared.Runtime;

namespace Sluice.Processor;

/// <summary>
/// SQS batch in, partial-batch response out: one workflow execution per <c>order.placed</c>
/// message, named after the event id so a redelivered message never starts a second run. A failed
/// start is an item failure: SQS redelivers it and, after the queue's maxReceiveCount, the DLQ keeps it.
/// </summary>
internal sealed class ProcessorHandler(IExecutionStarter starter, LambdaLogger logger, MetricsRecorder metrics)
{
    /// <summary>Below this much time left, hand the remaining messages back rather than time out.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    public async Task<BatchResponse> HandleAsync(SqsEvent sqsEvent, LambdaContext context, CancellationToken cancellationToken)
    {
        var messages = sqsEvent.Records ?? [];
        var failures = new List<BatchItemFailure>();
        int started = 0, duplicates = 0;
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
                default: failures.Add(new BatchItemFailure(message.MessageId)); break;
            }
        }

        metrics.Add("MessagesReceived", MetricUnit.Count, messages.Count);
        metrics.Add("ExecutionsStarted", MetricUnit.Count, started);
        metrics.Add("DuplicateStarts", MetricUnit.Count, duplicates);
        metrics.Add("StartFailures", MetricUnit.Count, failures.Count);
        logger.Information("Started {started} executions, {duplicates} duplicates, {failed} failed of {message_count} messages", ("started", started), ("duplicates", duplicates), ("failed", failures.Count), ("message_count", messages.Count));
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

        var name = ExecutionName.FromEventId(parsed.Event.Id);
        try
        {
            var outcome = await starter.StartAsync(name, parsed.Event.Json, cancellationToken).ConfigureAwait(false);
            if (outcome == StartOutcome.AlreadyExists)
            {
                logger.Information("Execution {execution_name} already exists: duplicate delivery of event {event_id}", ("execution_name", name), ("event_id", parsed.Event.Id), ("order_id", parsed.Event.Subject));
            }

            return outcome;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.Error(exception, "StartExecution {execution_name} failed; message {message_id} will be retried", ("execution_name", name), ("message_id", message.MessageId), ("order_id", parsed.Event.Subject));
            return null;
        }
    }
}
