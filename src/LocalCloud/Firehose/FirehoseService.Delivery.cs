using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// Records in, objects out: PutRecord(Batch) and a Kinesis source fill a stream's buffer; a full buffer
/// (SizeInMBs) or one whose interval has passed since its first record (IntervalInSeconds) becomes one
/// object, the records' bytes concatenated as they came (Firehose adds no delimiter). An object the bucket
/// does not take is kept and written again with backoff, in order, until it is.
/// </summary>
internal sealed partial class FirehoseService
{
    private readonly SemaphoreSlim _pumpGate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _loopGate = new();
    private Task? _loop;

    /// <summary>PutRecord: DirectPut streams only.</summary>
    public (string RecordId, bool Encrypted) PutRecord(string? name, byte[]? data)
    {
        var stream = Stream(name);
        if (data is null)
        {
            throw FirehoseErrors.Missing("record.data");
        }
        CheckRecord(data, "record.data");
        if (stream.Definition.Type != "DirectPut")
        {
            throw FirehoseErrors.NotDirectPut();
        }
        Append(stream, [data], Now);
        return (NewRecordId(), false);
    }

    /// <summary>PutRecordBatch: up to 500 records and 4 MiB, each accepted (a local stream never throttles).</summary>
    public (IReadOnlyList<string> RecordIds, bool Encrypted) PutRecordBatch(string? name, IReadOnlyList<byte[]?>? records)
    {
        var stream = Stream(name);
        if (records is null)
        {
            throw FirehoseErrors.Missing("records");
        }
        if (records.Count is 0 or > MaxBatchRecords)
        {
            throw FirehoseErrors.Constraint("records", null, records.Count == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 500");
        }
        for (var i = 0; i < records.Count; i++)
        {
            CheckRecord(records[i] ?? throw FirehoseErrors.Missing($"records.{i + 1}.member.data"), $"records.{i + 1}.member.data");
        }
        if (records.Sum(r => (long)r!.Length) > MaxBatchBytes)
        {
            throw FirehoseErrors.InvalidArgument("Records size exceeds 4 MiB limit");
        }
        if (stream.Definition.Type != "DirectPut")
        {
            throw FirehoseErrors.NotDirectPut();
        }
        Append(stream, records!, Now);
        return (records.Select(_ => NewRecordId()).ToList(), false);
    }

    private static void CheckRecord(byte[] data, string member)
    {
        if (data.Length > MaxRecordBytes)
        {
            throw FirehoseErrors.Constraint(member, null, "Member must have length less than or equal to 1024000");
        }
    }

    /// <summary>
    /// Adds records to the buffer; each time it reaches SizeInMBs it is cut into an object. On a data
    /// directory the store is written first, in one commit (a DirectPut stream's new records, the objects
    /// cut, the Kinesis positions they reach), and only then the buffer changes: a failed write changes
    /// nothing. <paramref name="shard"/> and <paramref name="sequences"/> name a Kinesis source's records.
    /// </summary>
    private void Append(FirehoseDeliveryStream stream, IReadOnlyList<byte[]> records, DateTimeOffset arrival, IReadOnlyList<DateTimeOffset>? arrivals = null,
        string? shard = null, IReadOnlyList<string>? sequences = null)
    {
        bool cut;
        lock (stream.Gate)
        {
            // Where the buffer is cut, planned before anything changes.
            var limit = stream.Definition.Destination.SizeInMBs * 1024L * 1024L;
            var cuts = new List<int>();
            var bytes = stream.BufferedBytes;
            for (var i = 0; i < records.Count; i++)
            {
                bytes += records[i].Length;
                if (bytes >= limit)
                {
                    cuts.Add(i);
                    bytes = 0;
                }
            }
            var objects = new List<FirehosePendingObject>(cuts.Count);
            IEnumerable<byte[]> carried = stream.Buffer;
            var oldest = stream.OldestArrival;
            var from = 0;
            foreach (var at in cuts)
            {
                objects.Add(MakeObject(stream, carried.Concat(records.Skip(from).Take(at - from + 1)), oldest ?? arrivals?[from] ?? arrival, stream.NextObjectSeq + objects.Count));
                (carried, oldest, from) = ([], null, at + 1);
            }
            var kept = stream.Definition.Type == "DirectPut";
            var cursors = shard is not null && cuts.Count > 0 ? new Dictionary<string, string>(stream.BufferCursors, StringComparer.Ordinal) { [shard] = sequences![cuts[^1]] } : null;
            if (_store is not null && (kept || objects.Count > 0))
            {
                var firstRecord = stream.NextRecordSeq;
                var record = cursors is null ? null : Stored(stream, cursors);
                Persist(b =>
                {
                    for (var k = 0; k < objects.Count; k++)
                    {
                        DurableStore.AddFirehoseObject(b, _options.Region, stream.Name, objects[k], kept ? firstRecord + cuts[k] : null);
                    }
                    for (var i = cuts.Count > 0 ? cuts[^1] + 1 : 0; kept && i < records.Count; i++)
                    {
                        DurableStore.AddFirehoseRecord(b, _options.Region, stream.Name, firstRecord + i, arrivals?[i] ?? arrival, records[i]);
                    }
                    if (record is not null)
                    {
                        DurableStore.SaveDeliveryStream(b, _options.Region, record);
                    }
                });
            }

            var next = 0;
            for (var i = 0; i < records.Count; i++)
            {
                if (stream.Buffer.Count == 0)
                {
                    stream.BufferStarted = Now;
                    stream.OldestArrival = arrivals?[i] ?? arrival;
                }
                stream.Buffer.Add(records[i]);
                stream.BufferedBytes += records[i].Length;
                if (shard is not null)
                {
                    stream.BufferCursors[shard] = sequences![i];
                }
                if (next < cuts.Count && cuts[next] == i)
                {
                    Enqueue(stream, objects[next++]);
                }
            }
            if (kept)
            {
                stream.NextRecordSeq += records.Count;
            }
            if (cursors is not null)
            {
                stream.CutCursors = cursors;
            }
            cut = cuts.Count > 0;
        }
        if (cut)
        {
            Wake();
        }
    }

    /// <summary>
    /// The buffer becomes one pending object, its key and body fixed now (kept first on a data directory,
    /// with <paramref name="also"/> in the same commit). Call under the stream's gate.
    /// </summary>
    private void Cut(FirehoseDeliveryStream stream, Action<DurableStore.Batch>? also = null)
    {
        if (stream.Buffer.Count == 0)
        {
            if (also is not null)
            {
                Persist(also);
            }
            return;
        }
        var pending = MakeObject(stream, stream.Buffer, stream.OldestArrival ?? Now, stream.NextObjectSeq);
        var kept = stream.Definition.Type == "DirectPut";
        var record = kept ? null : Stored(stream, new Dictionary<string, string>(stream.BufferCursors, StringComparer.Ordinal));
        var upTo = stream.NextRecordSeq - 1;
        Persist(b =>
        {
            DurableStore.AddFirehoseObject(b, _options.Region, stream.Name, pending, kept ? upTo : null);
            if (record is not null)
            {
                DurableStore.SaveDeliveryStream(b, _options.Region, record);
            }
            also?.Invoke(b);
        });
        if (record is not null)
        {
            stream.CutCursors = record.CutCursors;
        }
        Enqueue(stream, pending);
    }

    /// <summary>The pending object's bytes: the records as they came (a newline after each if asked), compressed if asked.</summary>
    private FirehosePendingObject MakeObject(FirehoseDeliveryStream stream, IEnumerable<byte[]> records, DateTimeOffset oldestArrival, long seq)
    {
        var d = stream.Definition.Destination;
        var key = FirehosePrefix.Evaluate(d.Prefix, oldestArrival)
            + $"{stream.Name}-{stream.Version.ToString(CultureInfo.InvariantCulture)}-{oldestArrival.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}-{Guid.NewGuid()}{d.Extension}";
        var body = new MemoryStream();
        Stream sink = d.CompressionFormat == "GZIP" ? new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true) : body;
        var count = 0;
        foreach (var record in records)
        {
            sink.Write(record);
            if (d.AppendNewline)
            {
                sink.WriteByte((byte)'\n');
            }
            count++;
        }
        if (sink != body)
        {
            sink.Dispose();
        }
        return new FirehosePendingObject(seq, key, body.ToArray(), count);
    }

    /// <summary>Queues a cut object and empties the buffer. Call under the stream's gate.</summary>
    private static void Enqueue(FirehoseDeliveryStream stream, FirehosePendingObject pending)
    {
        stream.Pending.Enqueue(pending);
        stream.NextObjectSeq = pending.Seq + 1;
        stream.Buffer.Clear();
        stream.BufferedBytes = 0;
        stream.BufferStarted = null;
        stream.OldestArrival = null;
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // The service is shutting down.
        }
    }

    /// <summary>Starts the delivery loop once (when <see cref="FirehoseOptions.PumpInterval"/> is set).</summary>
    private void StartLoop()
    {
        if (_options.PumpInterval is not { } interval)
        {
            return;
        }
        lock (_loopGate)
        {
            _loop ??= Task.Run(async () =>
            {
                var token = _stopping.Token;
                while (!token.IsCancellationRequested)
                {
                    try
                    {
                        await PumpAsync(token).ConfigureAwait(false);
                        await _wake.WaitAsync(interval, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
        }
    }

    /// <summary>
    /// One pass of delivery over every stream: activate new streams, read Kinesis sources, cut buffers
    /// whose interval has passed, write pending objects whose retry time has come. The loop calls it;
    /// tests with a fake clock call it after moving the clock.
    /// </summary>
    public async Task PumpAsync(CancellationToken cancellationToken = default)
    {
        await _pumpGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<FirehoseDeliveryStream> streams;
            lock (_gate)
            {
                streams = [.. _streams.Values];
            }
            foreach (var stream in streams)
            {
                lock (stream.Gate)
                {
                    stream.Status = "ACTIVE";
                }
                if (stream.Definition.Type == "KinesisStreamAsSource")
                {
                    ReadSource(stream);
                }
                lock (stream.Gate)
                {
                    if (stream.BufferStarted is { } started && Now - started >= TimeSpan.FromSeconds(stream.Definition.Destination.IntervalInSeconds))
                    {
                        Cut(stream);
                    }
                }
                await DeliverAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pumpGate.Release();
        }
    }

    /// <summary>Reads every shard of the source from its cursor on, while the stream has room for more undelivered objects.</summary>
    private void ReadSource(FirehoseDeliveryStream stream)
    {
        KinesisStream source;
        try
        {
            source = _kinesis.Stream(null, stream.Definition.KinesisStreamArn);
        }
        catch (AwsServiceException e)
        {
            Report(stream, "Kinesis." + e.Code, e.Message);
            return;
        }
        foreach (var shard in source.Shards)
        {
            // A shard that appears later (a reshard) is read from its start, as AWS reads child shards.
            var cursor = stream.Cursors.TryGetValue(shard.ShardId, out var c) ? c : stream.Cursors[shard.ShardId] = new FirehoseShardCursor();
            while (true)
            {
                lock (stream.Gate)
                {
                    if (stream.Pending.Count >= _options.MaxPendingObjects)
                    {
                        return;
                    }
                }
                IReadOnlyList<KinesisRecord> records;
                try
                {
                    var iterator = cursor.Iterator ??= cursor.LastSequenceNumber is { } last
                        ? _kinesis.GetShardIterator(source, shard.ShardId, "AFTER_SEQUENCE_NUMBER", last, null)
                        : cursor.StartCounter > 0
                            ? _kinesis.GetShardIterator(source, shard.ShardId, "AT_SEQUENCE_NUMBER", shard.SequenceNumber(cursor.StartCounter), null)
                            : _kinesis.GetShardIterator(source, shard.ShardId, "TRIM_HORIZON", null, null);
                    // At the end of a closed shard there is no next iterator; the next round finds nothing after the last record.
                    (records, cursor.Iterator, _) = _kinesis.GetRecords(iterator, 10000);
                }
                catch (AwsServiceException e) when (e.Code == "ExpiredIteratorException")
                {
                    cursor.Iterator = null;
                    continue;
                }
                catch (AwsServiceException e)
                {
                    cursor.Iterator = null;
                    Report(stream, "Kinesis." + e.Code, e.Message);
                    break;
                }
                if (records.Count == 0)
                {
                    break;
                }
                cursor.LastSequenceNumber = records[^1].SequenceNumber;
                Append(stream, records.Select(r => r.Data).ToList(), Now, records.Select(r => r.ArrivalTime).ToList(), shard.ShardId, records.Select(r => r.SequenceNumber).ToList());
            }
        }
    }

    /// <summary>Writes the stream's pending objects in order; the first the bucket refuses waits (with backoff) and holds the rest behind it.</summary>
    private async Task DeliverAsync(FirehoseDeliveryStream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            FirehosePendingObject next;
            FirehoseS3Destination d;
            lock (stream.Gate)
            {
                if (!stream.Pending.TryPeek(out next!) || next.NextAttempt > Now)
                {
                    return;
                }
                d = stream.Definition.Destination;
            }
            try
            {
                using var body = new MemoryStream(next.Body, writable: false);
                await _s3.PutObjectAsync(d.BucketName, next.Key, body, new S3PutRequest { Headers = Headers(d) }, cancellationToken).ConfigureAwait(false);
            }
            catch (S3Exception e)
            {
                lock (stream.Gate)
                {
                    next.Attempts++;
                    var backoff = TimeSpan.FromSeconds(Math.Min(_options.MaxRetryBackoff.TotalSeconds, Math.Pow(2, Math.Min(next.Attempts - 1, 20))));
                    next.NextAttempt = Now + backoff;
                }
                Report(stream, "S3." + e.Code, e.Message);
                return;
            }
            lock (stream.Gate)
            {
                stream.Pending.Dequeue();
                stream.DeliveredObjects++;
                stream.LastError = null;
            }
            try
            {
                // Written: its row goes. A kill before this commit writes the same object (same key and body) again at the next start.
                Persist(b => DurableStore.DeleteFirehoseObject(b, _options.Region, stream.Name, next.Seq));
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                Report(stream, "Store", $"the object {next.Key} was written but the data directory's store did not take its removal (it is written again after a restart): {e.Message}");
            }
        }
    }

    /// <summary>
    /// The object's headers: Firehose writes <c>application/octet-stream</c>; with a KMS key, SSE-KMS with
    /// that key; without one, the bucket's default encryption applies.
    /// </summary>
    private S3ObjectHeaders Headers(FirehoseS3Destination d)
    {
        var headers = new S3ObjectHeaders { ContentType = "application/octet-stream" };
        if (d.KmsKeyArn is { } key)
        {
            return headers with { ServerSideEncryption = "aws:kms", SseKmsKeyId = key };
        }
        if (_s3.BucketExists(d.BucketName))
        {
            var (algorithm, keyId, bucketKey) = S3HeaderMapping.BucketEncryption(_s3.Bucket(d.BucketName).Settings);
            return headers with { ServerSideEncryption = algorithm, SseKmsKeyId = algorithm.StartsWith("aws:kms", StringComparison.Ordinal) ? keyId : null, BucketKeyEnabled = bucketKey };
        }
        return headers;
    }

    /// <summary>
    /// A delivery error: kept on the stream and, when its CloudWatch logging is on, written to the
    /// configured log group and stream as Firehose writes its error logs.
    /// </summary>
    private void Report(FirehoseDeliveryStream stream, string code, string message)
    {
        FirehoseS3Destination d;
        int version;
        lock (stream.Gate)
        {
            stream.LastError = $"{code}: {message}";
            d = stream.Definition.Destination;
            version = stream.Version;
        }
        if (_logs is null || !d.LoggingEnabled || string.IsNullOrEmpty(d.LogGroupName))
        {
            return;
        }
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("deliveryStreamARN", stream.Arn);
            w.WriteString("destination", d.BucketArn);
            w.WriteNumber("deliveryStreamVersionId", version);
            w.WriteString("message", message);
            w.WriteString("errorCode", code);
            w.WriteEndObject();
        }
        _logs.Append(d.LogGroupName, string.IsNullOrEmpty(d.LogStreamName) ? "DestinationDelivery" : d.LogStreamName, Now, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
