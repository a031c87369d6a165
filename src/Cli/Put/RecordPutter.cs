using System.Diagnostics;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Put;

/// <summary>
/// Puts records with PutRecords in batches of at most 500 records and 5 MiB, and sends again only
/// the entries a response reports as failed (throttled or internal failure), with capped exponential
/// backoff, until each record is in or has had <see cref="PutSettings.MaxAttempts"/> attempts.
/// </summary>
internal sealed class RecordPutter(KinesisClient kinesis, string stream, PutSettings settings, CliHost host)
{
    private const string Throttled = "ProvisionedThroughputExceededException";

    private readonly SortedDictionary<string, int> _byKind = new(StringComparer.Ordinal);
    private readonly List<UnputRecord> _notPut = [];
    private int _put;
    private int _batches;
    private int _calls;
    private int _retries;
    private int _throttled;
    private int _inFlight;

    public async Task<PutSummary> PutAsync(IEnumerable<OutgoingRecord> records, int total, Action<PutProgress> progress, CancellationToken cancellationToken)
    {
        var started = host.Clock.GetTimestamp();
        var sent = 0;
        using var source = records.GetEnumerator();
        OutgoingRecord? carried = null;
        try
        {
            while (true)
            {
                if (settings.Rate is { } rate)
                {
                    var due = TimeSpan.FromSeconds(sent / rate) - host.Clock.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await host.Delay(due, cancellationToken).ConfigureAwait(false);
                    }
                }

                var batch = new List<OutgoingRecord>(settings.BatchRecords);
                var bytes = 0;
                while (batch.Count < settings.BatchRecords && (carried ?? (source.MoveNext() ? source.Current : null)) is { } next)
                {
                    carried = null;
                    if (next.Size > PutSettings.MaxRecordBytes)
                    {
                        throw new CliException($"record {next.EventId} is {next.Size} bytes with its partition key, over the 1 MiB Kinesis limit", CliException.Usage);
                    }

                    if (bytes + next.Size > PutSettings.MaxBatchBytes)
                    {
                        carried = next;
                        break;
                    }

                    batch.Add(next);
                    bytes += next.Size;
                }

                if (batch.Count == 0)
                {
                    break;
                }

                // Nothing is sent once Ctrl-C was pressed: what follows is "not sent", not "in flight".
                cancellationToken.ThrowIfCancellationRequested();
                _batches++;
                sent += batch.Count;
                await PutBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                progress(new PutProgress(_put, _notPut.Count, Math.Max(total, sent), host.Clock.GetElapsedTime(started)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: report what is known. Only the entries of a request still unanswered may or may not be in.
            return Summary(total, sent, started) with { Interrupted = true, InFlight = _inFlight };
        }

        return Summary(Math.Max(total, sent), sent, started);
    }

    private PutSummary Summary(int requested, int sent, long started) =>
        new()
        {
            Stream = stream,
            Requested = requested,
            Records = sent,
            Put = _put,
            ByKind = _byKind,
            Batches = _batches,
            Calls = _calls,
            Retries = _retries,
            Throttled = _throttled,
            NotPut = _notPut,
            DurationSeconds = Math.Round(host.Clock.GetElapsedTime(started).TotalSeconds, 3),
        };

    private async Task PutBatchAsync(List<OutgoingRecord> batch, CancellationToken cancellationToken)
    {
        var pending = batch;
        for (var attempt = 1; ; attempt++)
        {
            var failed = new List<(OutgoingRecord Record, string Code, string? Message)>();
            cancellationToken.ThrowIfCancellationRequested();
            _calls++;
            try
            {
                _inFlight = pending.Count;
                var result = await kinesis.PutRecordsAsync(stream, [.. pending.Select(r => new PutRecordsRequestEntry(r.Data, r.PartitionKey))], cancellationToken)
                    .ConfigureAwait(false);
                _inFlight = 0;
                if (result.Records.Count != pending.Count)
                {
                    throw new InvalidDataException($"PutRecords answered {result.Records.Count} entries for {pending.Count} records");
                }

                for (var i = 0; i < pending.Count; i++)
                {
                    var entry = result.Records[i];
                    if (entry.ErrorCode is null && entry.SequenceNumber is not null)
                    {
                        _put++;
                        var kind = OrderKindNames.Name(pending[i].Kind);
                        _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
                        continue;
                    }

                    var code = entry.ErrorCode ?? "InternalFailure";
                    _throttled += code == Throttled ? 1 : 0;
                    failed.Add((pending[i], code, entry.ErrorMessage));
                }
            }
            catch (Exception e) when (AwsServiceException.IsTransient(e) && (e is AwsServiceException || _put > 0))
            {
                _inFlight = 0;
                // The client's own retries are spent: a failed attempt of the whole batch. Only a
                // connection failure before anything went in ends the command (nothing is listening).
                var code = e is AwsServiceException service ? service.ErrorCode : e.GetType().Name;
                failed.AddRange(pending.Select(r => (r, code, (string?)e.Message)));
            }

            if (failed.Count == 0)
            {
                return;
            }

            if (attempt >= settings.MaxAttempts)
            {
                _notPut.AddRange(failed.Select(f => new UnputRecord(f.Record.EventId, f.Record.PartitionKey, f.Code, f.Message)));
                return;
            }

            _retries += failed.Count;
            await host.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            pending = [.. failed.Select(f => f.Record)];
        }
    }

    /// <summary>Equal jitter: at least half the capped exponential step, so a retry never lands in the same throttled instant.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        var r = host.Random();
        Debug.Assert(r is >= 0 and < 1, "Random must be in [0, 1)");
        return TimeSpan.FromMilliseconds((ceiling / 2) + (r * ceiling / 2));
    }
}
