using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>
/// An SQS event source mapping: long-polling pollers (as many as <c>ScalingConfig.MaximumConcurrency</c>,
/// else five, Lambda's starting number) gather batches and invoke; handled messages are deleted, failed
/// ones stay for the visibility timeout and the queue's redrive policy to deal with.
/// </summary>
internal sealed class SqsEventSource : EventSourceMapping
{
    private const int DefaultPollers = 5;
    private readonly SqsService _sqs;
    private readonly SqsQueue _queue;

    private SqsEventSource(EventSourceMappingDefinition definition, LambdaFunction function, LambdaService service, SqsService sqs, SqsQueue queue)
        : base(definition, function, service)
    {
        _sqs = sqs;
        _queue = queue;
    }

    public int BatchSize => Definition.BatchSize ?? 10;

    public int WindowSeconds => Definition.MaximumBatchingWindowInSeconds ?? 0;

    public static SqsEventSource Create(EventSourceMappingDefinition d, LambdaFunction function, LambdaService service, SqsService sqs)
    {
        var queue = sqs.FindByArn(d.EventSourceArn) ?? throw LambdaErrors.InvalidParameter($"Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version. ({d.EventSourceArn})");
        var max = queue.IsFifo ? 10 : 10000;
        if (d.BatchSize is { } size && (size < 1 || size > max))
        {
            throw LambdaErrors.InvalidParameter($"BatchSize {size} is out of range: it must be between 1 and {max} for {(queue.IsFifo ? "a FIFO" : "a standard")} queue.");
        }
        if (d.MaximumBatchingWindowInSeconds is < 0 or > 300)
        {
            throw LambdaErrors.InvalidParameter($"MaximumBatchingWindowInSeconds {d.MaximumBatchingWindowInSeconds} is out of range: it must be between 0 and 300.");
        }
        if (d.BatchSize > 10 && (d.MaximumBatchingWindowInSeconds ?? 0) < 1)
        {
            throw LambdaErrors.InvalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        }
        if (d.ScalingMaximumConcurrency is < 2 or > 1000)
        {
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{d.ScalingMaximumConcurrency}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value between 2 and 1000");
        }
        if (d.StartingPosition is not null || d.ParallelizationFactor is not null || d.BisectBatchOnFunctionError is not null
            || d.MaximumRetryAttempts is not null || d.MaximumRecordAgeInSeconds is not null || d.OnFailureDestinationArn is not null)
        {
            throw LambdaErrors.InvalidParameter("Unsupported parameter for an SQS event source mapping: StartingPosition, ParallelizationFactor, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds and DestinationConfig apply to streams only (an SQS queue uses its redrive policy).");
        }
        foreach (var type in d.FunctionResponseTypes)
        {
            if (type != "ReportBatchItemFailures")
            {
                throw LambdaErrors.InvalidParameter($"Unsupported FunctionResponseType: {type}");
            }
        }
        return new SqsEventSource(d, function, service, sqs, queue);
    }

    /// <summary>Checked as at creation, against the same queue.</summary>
    protected override void Validate(EventSourceMappingDefinition definition) => _ = Create(definition, Function, Service, _sqs);

    protected override IEnumerable<Task> StartPollers()
    {
        var pollers = Definition.ScalingMaximumConcurrency ?? DefaultPollers;
        for (var i = 0; i < pollers; i++)
        {
            yield return Loop(PollAsync);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new List<SqsReceivedMessage>(await ReceiveAsync(Math.Min(10, BatchSize), 20, cancellationToken).ConfigureAwait(false));
            if (batch.Count == 0)
            {
                continue;
            }
            var deadline = Service.Options.Clock.GetUtcNow().AddSeconds(WindowSeconds);
            while (batch.Count < BatchSize && WindowSeconds > 0)
            {
                var remaining = deadline - Service.Options.Clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                batch.AddRange(await ReceiveAsync(Math.Min(10, BatchSize - batch.Count), (int)Math.Min(20, Math.Floor(remaining.TotalSeconds)), cancellationToken).ConfigureAwait(false));
            }
            await InvokeAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<IReadOnlyList<SqsReceivedMessage>> ReceiveAsync(int max, int waitSeconds, CancellationToken cancellationToken) =>
        _sqs.ReceiveMessageAsync(_queue.Url, new SqsReceiveRequest
        {
            MaxNumberOfMessages = max,
            WaitTimeSeconds = waitSeconds,
            AttributeNames = ["All"],
            MessageAttributeNames = ["All"],
        }, cancellationToken);

    private async Task InvokeAsync(List<SqsReceivedMessage> batch, CancellationToken cancellationToken)
    {
        var payload = EventPayloads.Sqs(batch, _queue.Arn, EventSourceArn.Region(_queue.Arn));
        var (outcome, _) = await InvokeFunctionAsync(payload, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string>? failed;
        if (outcome.IsError)
        {
            failed = null;
        }
        else if (!ReportsItemFailures)
        {
            failed = [];
        }
        else
        {
            failed = BatchItemFailures.Parse(outcome.Payload, batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal));
        }
        if (failed is null)
        {
            LastProcessingResult = "PROBLEM: Function call failed";
            return;
        }
        LastProcessingResult = failed.Count == 0 ? "OK" : "PROBLEM: Function call failed";
        foreach (var message in batch)
        {
            if (failed.Contains(message.MessageId, StringComparer.Ordinal))
            {
                continue;
            }
            try
            {
                _sqs.DeleteMessage(_queue.Url, message.ReceiptHandle);
            }
            catch (AwsServiceException e)
            {
                // The message became visible again and was received elsewhere: it will be delivered again.
                Note($"could not delete message {message.MessageId}: {e.Code}");
            }
        }
    }

    public override void WriteConfiguration(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("BatchSize", BatchSize);
        WriteArnsToLastModified(w);
        w.WriteNumber("MaximumBatchingWindowInSeconds", WindowSeconds);
        if (Definition.ScalingMaximumConcurrency is { } max)
        {
            w.WriteStartObject("ScalingConfig");
            w.WriteNumber("MaximumConcurrency", max);
            w.WriteEndObject();
        }
        w.WriteString("State", State);
        w.WriteString("StateTransitionReason", "USER_INITIATED");
        w.WriteString("UUID", Definition.Uuid);
        w.WriteEndObject();
    }
}
