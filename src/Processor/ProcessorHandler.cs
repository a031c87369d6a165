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
/// The messages of a batch are started concurrently, at most <see cref="MaxConcurrentStarts"/> at a time.
/// </summary>
internal sealed class ProcessorHandler(IExecutionStarter starter, LambdaLogger logger, MetricsRecorder metrics)
{
    /// <summary>Below this much time left, hand the remaining messages back rather than time out.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// StartExecution calls in flight at once within a batch: a batch of ten takes about one call's
    /// time instead of ten (on AWS a call takes tens of milliseconds), and a large batch (BatchSize
    /// above 10 with a batching window) does not open a connection per message.
    /// </summary>
    public const int MaxConcurrentStarts = 10;

    public async Task<BatchResponse> HandleAsync(SqsEvent sqsEvent, LambdaContext context, CancellationToken cancellationToken)
    {
        var messages = sqsEvent.Records ?? [];
        // null: the message goes back to the queue (a failed start, or not started for lack of time).
        var outcomes = new StartOutcome?[messages.Count];
        var inFlight = new List<Task>(messages.Count);
        using (var gate = new SemaphoreSlim(MaxConcurrentStarts))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (context.RemainingTime < SafetyMargin)
                {
                    gate.Release();
                    logger.Warning("Handing back message {message_id} with {remaining_ms} ms left", ("message_id", messages[i].MessageId), ("remaining_ms", context.RemainingTime.TotalMilliseconds));
                    continue;
                }

                inFlight.Add(StartAndReleaseAsync(i, gate));
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }

        var failures = new List<BatchItemFailure>();
        int started = 0, duplicates = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            switch (outcomes[i])
            {
                case StartOutcome.Started: started++; break;
                case StartOutcome.AlreadyExists: duplicates++; break;
                default: failures.Add(new BatchItemFailure(messages[i].MessageId)); break;
            }
        }

        metrics.Add("MessagesReceived", MetricUnit.Count, messages.Count);
        metrics.Add("ExecutionsStarted", MetricUnit.Count, started);
        metrics.Add("DuplicateStarts", MetricUnit.Count, duplicates);
        metrics.Add("StartFailures", MetricUnit.Count, failures.Count);
        logger.Information("Started {started} executions, {duplicates} duplicates, {failed} failed of {message_count} messages", ("started", started), ("duplicates", duplicates), ("failed", failures.Count), ("message_count", messages.Count));
        return failures.Count == 0 ? BatchResponse.Success : new BatchResponse(failures);

        async Task StartAndReleaseAsync(int index, SemaphoreSlim gate)
        {
            try
            {
                outcomes[index] = await StartAsync(messages[index], cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
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
