using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>
/// A Kinesis event source mapping: a reader per shard hands records to <c>ParallelizationFactor</c>
/// lanes by partition key (so order holds per key), each lane invokes with one batch at a time and
/// retries, bisects, skips expired records and reports to the on-failure destination as Lambda does.
/// After a split or merge, a shard's children are read (from their start) once every record of their
/// parents is finished, so a key's records still arrive in order.
/// </summary>
internal sealed partial class KinesisEventSource : EventSourceMapping
{
    private const int MaxPayloadBytes = 6 * 1024 * 1024;
    private readonly KinesisService _kinesis;
    private readonly KinesisStream _stream;
    private readonly FailureDestination? _destination;
    private readonly ConcurrentDictionary<string, ShardProgress> _progress = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly List<Task> _readers = [];
    private readonly HashSet<string> _atStart;
    private Action<string, string>? _moved;

    private KinesisEventSource(EventSourceMappingDefinition definition, LambdaFunction function, LambdaService service, KinesisService kinesis, KinesisStream stream, FailureDestination? destination)
        : base(definition, function, service)
    {
        _kinesis = kinesis;
        _stream = stream;
        _destination = destination;
        _atStart = stream.Shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        foreach (var shard in stream.Shards)
        {
            ProgressOf(shard);
        }
    }

    public int BatchSize => Definition.BatchSize ?? 100;

    public int WindowSeconds => Definition.MaximumBatchingWindowInSeconds ?? 0;

    public int Parallelization => Definition.ParallelizationFactor ?? 1;

    public int MaxRetries => Definition.MaximumRetryAttempts ?? -1;

    public int MaxRecordAge => Definition.MaximumRecordAgeInSeconds ?? -1;

    public bool Bisect => Definition.BisectBatchOnFunctionError ?? false;

    public static KinesisEventSource Create(EventSourceMappingDefinition d, LambdaFunction function, LambdaService service, KinesisService kinesis)
    {
        KinesisStream stream;
        try
        {
            stream = kinesis.Stream(null, d.EventSourceArn);
        }
        catch (AwsServiceException)
        {
            throw LambdaErrors.InvalidParameter($"Stream not found: {d.EventSourceArn}");
        }
        Check(d.BatchSize is null or (>= 1 and <= 10000), "BatchSize", d.BatchSize, "between 1 and 10000");
        Check(d.MaximumBatchingWindowInSeconds is null or (>= 0 and <= 300), "MaximumBatchingWindowInSeconds", d.MaximumBatchingWindowInSeconds, "between 0 and 300");
        Check(d.ParallelizationFactor is null or (>= 1 and <= 10), "ParallelizationFactor", d.ParallelizationFactor, "between 1 and 10");
        Check(d.MaximumRetryAttempts is null or (>= -1 and <= 10000), "MaximumRetryAttempts", d.MaximumRetryAttempts, "between -1 and 10000");
        Check(d.MaximumRecordAgeInSeconds is null or -1 or (>= 60 and <= 604800), "MaximumRecordAgeInSeconds", d.MaximumRecordAgeInSeconds, "-1, or between 60 and 604800");
        if (d.StartingPosition is not ("TRIM_HORIZON" or "LATEST" or "AT_TIMESTAMP"))
        {
            throw LambdaErrors.InvalidParameter(d.StartingPosition is null
                ? "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null"
                : $"1 validation error detected: Value '{d.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
        }
        if (d.StartingPosition == "AT_TIMESTAMP" && d.StartingPositionTimestamp is null)
        {
            throw LambdaErrors.InvalidParameter("StartingPositionTimestamp must be set when StartingPosition is AT_TIMESTAMP.");
        }
        if (d.ScalingMaximumConcurrency is not null)
        {
            throw LambdaErrors.InvalidParameter("Unsupported ScalingConfig parameter for given event source mapping type.");
        }
        foreach (var type in d.FunctionResponseTypes)
        {
            if (type != "ReportBatchItemFailures")
            {
                throw LambdaErrors.InvalidParameter($"Unsupported FunctionResponseType: {type}");
            }
        }
        var destination = d.OnFailureDestinationArn is { } arn ? FailureDestination.Create(arn, service) : null;
        return new KinesisEventSource(d, function, service, kinesis, stream, destination);
    }

    private static void Check(bool ok, string name, int? value, string range)
    {
        if (!ok)
        {
            throw LambdaErrors.InvalidParameter($"{name} {value} is out of range: it must be {range}.");
        }
    }

    /// <summary>Checked as at creation, against the same stream.</summary>
    protected override void Validate(EventSourceMappingDefinition definition) => _ = Create(definition, Function, Service, _kinesis);

    protected override IEnumerable<Task> StartPollers()
    {
        // The first readers start now, so LATEST means "after the mapping was started".
        StartReadyShards();
        return [Loop(SuperviseAsync)];
    }

    /// <summary>Starts a reader and its lanes for each shard whose parents are done, as shards appear; at stop, waits for them.</summary>
    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                StartReadyShards();
                await Task.Delay(Service.Options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Task[] readers;
            lock (_readers)
            {
                readers = [.. _readers];
            }
            await Task.WhenAll(readers).ConfigureAwait(false);
        }
    }

    private void StartReadyShards()
    {
        foreach (var shard in _stream.Shards)
        {
            if (_started.Contains(shard.ShardId))
            {
                continue;
            }
            // A parent is always in the stream (closed shards stay listed there); one the mapping has not
            // started yet has a progress that is not done, so a grandchild waits for it too.
            var parents = new[] { shard.ParentShardId, shard.AdjacentParentShardId }.OfType<string>()
                .Select(_stream.Shard).OfType<KinesisShard>().Select(ProgressOf);
            if (parents.Any(p => !p.IsDone))
            {
                continue;
            }
            _started.Add(shard.ShardId);
            var progress = ProgressOf(shard);
            if (progress.Checkpoint is null && !shard.IsOpen && _atStart.Contains(shard.ShardId) && Definition.StartingPosition == "LATEST")
            {
                // Closed before a mapping that starts at LATEST: nothing in it is new.
                progress.Ended();
                continue;
            }
            // A shard made after the mapping started is read from its first record, whatever the starting position.
            progress.FromStart = !_atStart.Contains(shard.ShardId);
            var lanes = Enumerable.Range(0, Parallelization).Select(_ => Channel.CreateBounded<List<KinesisRecord>>(64)).ToArray();
            var reader = new ShardReader(this, shard, lanes, progress);
            lock (_readers)
            {
                _readers.Add(Loop(reader.RunAsync));
                foreach (var lane in lanes)
                {
                    _readers.Add(Loop(new LaneWorker(this, shard.ShardId, lane.Reader, progress).RunAsync));
                }
            }
        }
    }

    /// <summary>The lane of a partition key: a stable hash, so one key always goes to one lane.</summary>
    private static int LaneOf(string partitionKey, int lanes)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(partitionKey))
        {
            hash = (hash ^ b) * 16777619;
        }
        return (int)(hash % (uint)lanes);
    }

    public override void WriteConfiguration(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("BatchSize", BatchSize);
        w.WriteBoolean("BisectBatchOnFunctionError", Bisect);
        w.WriteStartObject("DestinationConfig");
        w.WriteStartObject("OnFailure");
        if (Definition.OnFailureDestinationArn is { } destination)
        {
            w.WriteString("Destination", destination);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        WriteArnsToLastModified(w);
        w.WriteString("LastProcessingResult", LastProcessingResult);
        w.WriteNumber("MaximumBatchingWindowInSeconds", WindowSeconds);
        w.WriteNumber("MaximumRecordAgeInSeconds", MaxRecordAge);
        w.WriteNumber("MaximumRetryAttempts", MaxRetries);
        w.WriteNumber("ParallelizationFactor", Parallelization);
        w.WriteString("StartingPosition", Definition.StartingPosition);
        if (Definition.StartingPositionTimestamp is { } at)
        {
            w.WriteNumber("StartingPositionTimestamp", at.ToUnixTimeMilliseconds() / 1000m);
        }
        w.WriteString("State", State);
        w.WriteString("StateTransitionReason", "User action");
        w.WriteNumber("TumblingWindowInSeconds", 0);
        w.WriteString("UUID", Definition.Uuid);
        w.WriteEndObject();
    }
}
