using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.Lambda.EventSources;

internal sealed partial class KinesisEventSource
{
    /// <summary>Invokes with one batch until it succeeds, or its records are handed to the on-failure destination.</summary>
    private Task ProcessAsync(string shardId, List<KinesisRecord> batch, CancellationToken cancellationToken) =>
        ProcessRangeAsync(shardId, batch, 0, cancellationToken);

    private async Task ProcessRangeAsync(string shardId, List<KinesisRecord> batch, int retries, CancellationToken cancellationToken)
    {
        var invokes = 0;
        var lastRequestId = Guid.NewGuid().ToString();
        while (batch.Count > 0)
        {
            if (MaxRecordAge >= 0)
            {
                var cutoff = Service.Options.Clock.GetUtcNow().AddSeconds(-MaxRecordAge);
                var expired = batch.TakeWhile(r => r.ArrivalTime < cutoff).ToList();
                if (expired.Count > 0)
                {
                    await GiveUpAsync(shardId, expired, "RecordAgeExceeded", invokes, null, lastRequestId).ConfigureAwait(false);
                    batch = batch.Skip(expired.Count).ToList();
                    continue;
                }
            }

            var payload = EventPayloads.Kinesis(batch, shardId, _stream.Arn, EventSourceArn.Region(_stream.Arn), Function.Definition.RoleArn);
            var (outcome, record) = await InvokeFunctionAsync(payload, cancellationToken).ConfigureAwait(false);
            invokes++;
            lastRequestId = record.RequestId;
            string? functionError = null;
            if (outcome.IsError)
            {
                functionError = "Unhandled";
            }
            else if (!ReportsItemFailures)
            {
                LastProcessingResult = "OK";
                return;
            }
            else
            {
                var sequenceNumbers = batch.Select(r => r.SequenceNumber).ToHashSet(StringComparer.Ordinal);
                var failed = BatchItemFailures.Parse(outcome.Payload, sequenceNumbers);
                if (failed is { Count: 0 })
                {
                    LastProcessingResult = "OK";
                    return;
                }
                if (failed is not null)
                {
                    // Resume from the lowest failed sequence number: everything before it is checkpointed.
                    var lowest = batch.Where(r => failed.Contains(r.SequenceNumber)).Min(r => r.Counter);
                    batch = batch.Where(r => r.Counter >= lowest).ToList();
                }
            }

            LastProcessingResult = "PROBLEM: Function call failed";
            if (Bisect && batch.Count > 1)
            {
                var half = batch.Count / 2;
                await ProcessRangeAsync(shardId, batch[..half], retries, cancellationToken).ConfigureAwait(false);
                await ProcessRangeAsync(shardId, batch[half..], retries, cancellationToken).ConfigureAwait(false);
                return;
            }
            retries++;
            if (MaxRetries >= 0 && retries > MaxRetries)
            {
                await GiveUpAsync(shardId, batch, "RetryAttemptsExhausted", invokes, functionError, lastRequestId).ConfigureAwait(false);
                return;
            }
            var backoff = Service.Options.BatchRetryDelay * Math.Min(1 << Math.Min(retries - 1, 5), 20);
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task GiveUpAsync(string shardId, List<KinesisRecord> records, string condition, int invokes, string? functionError, string requestId)
    {
        var failure = new KinesisFailure(requestId, Function.Definition.FunctionArn, condition, invokes, functionError, Service.Options.Clock.GetUtcNow(), shardId, records, _stream.Arn);
        var range = $"{records[0].SequenceNumber}..{records[^1].SequenceNumber} of {shardId}";
        if (_destination is null)
        {
            Note($"{condition}: discarded {records.Count} records ({range}); no on-failure destination");
            return;
        }
        try
        {
            _destination.Send(EventPayloads.KinesisFailure(failure));
            Note($"{condition}: sent {records.Count} records ({range}) to {_destination.Arn}");
        }
        catch (Protocol.AwsServiceException e)
        {
            Note($"{condition}: could not send {records.Count} records ({range}) to {_destination.Arn}: {e.Code} {e.Message}");
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
