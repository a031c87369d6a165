using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// Amazon Data Firehose of one region, delivering to S3: delivery streams fed by PutRecord(Batch)
/// (DirectPut) or by reading a Kinesis stream of the region, buffered by size and interval on the
/// cloud's clock, written as objects named as AWS names them. The JSON API
/// (<see cref="FirehoseHandler"/>) and in-process callers (CloudFormation) use the same methods.
/// </summary>
internal sealed partial class FirehoseService : IDisposable
{
    /// <summary>The largest record PutRecord accepts (1,000 KiB).</summary>
    public const int MaxRecordBytes = 1_024_000;

    /// <summary>The most one PutRecordBatch carries.</summary>
    public const int MaxBatchRecords = 500;

    public const int MaxBatchBytes = 4 * 1024 * 1024;

    private readonly SortedDictionary<string, FirehoseDeliveryStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FirehoseOptions _options;
    private readonly S3Service _s3;
    private readonly KinesisService _kinesis;
    private readonly LogsService? _logs;
    private readonly DurableStore? _store;

    /// <param name="store">The data directory's store the streams, buffers and undelivered objects are kept in; null keeps them in memory.</param>
    public FirehoseService(FirehoseOptions options, S3Service s3, KinesisService kinesis, LogsService? logs, DurableStore? store = null)
    {
        _options = options;
        _s3 = s3;
        _kinesis = kinesis;
        _logs = logs;
        _store = store;
        if (store is not null && Load(store))
        {
            StartLoop();
        }
    }

    public FirehoseOptions Options => _options;

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^arn:.*:s3:::[\w\.\-]{1,255}$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^arn:.*:kinesis:[a-zA-Z0-9\-]+:\d{12}:stream/[a-zA-Z0-9_.-]+$")]
    private static partial Regex KinesisPattern();

    [GeneratedRegex(@"^arn:.*:kms:[a-zA-Z0-9\-]+:\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex KmsPattern();

    public static string CheckName(string? name, string member = "deliveryStreamName")
    {
        if (name is null)
        {
            throw FirehoseErrors.Missing(member);
        }
        if (!NamePattern().IsMatch(name))
        {
            throw FirehoseErrors.Constraint(member, name, name.Length is 0 or > 64 ? "Member must have length between 1 and 64" : "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    /// <summary>CreateDeliveryStream: checked whole before anything is kept; the stream starts CREATING.</summary>
    public FirehoseDeliveryStream CreateDeliveryStream(FirehoseStreamDefinition definition)
    {
        CheckName(definition.Name);
        CheckDestination(definition.Destination, definition.Destination.Extended ? "extendedS3DestinationConfiguration" : "s3DestinationConfiguration");
        CheckTags(definition.Tags);
        KinesisStream? source = null;
        switch (definition.Type)
        {
            case "DirectPut":
                if (definition.KinesisStreamArn is not null)
                {
                    throw FirehoseErrors.InvalidArgument("KinesisSourceStreamConfig is only allowed for KinesisStreamAsSource delivery stream type.");
                }
                break;
            case "KinesisStreamAsSource":
                source = SourceStream(definition);
                break;
            case "MSKAsSource" or "DatabaseAsSource":
                throw FirehoseErrors.InvalidArgument($"DeliveryStreamType {definition.Type} is not served by this local cloud (DirectPut and KinesisStreamAsSource are).");
            default:
                throw FirehoseErrors.Constraint("deliveryStreamType", definition.Type, "Member must satisfy enum value set: [DatabaseAsSource, DirectPut, KinesisStreamAsSource, MSKAsSource]");
        }
        var now = Now;
        var stream = new FirehoseDeliveryStream(definition, $"arn:{_options.Partition}:firehose:{_options.Region}:{_options.AccountId}:deliverystream/{definition.Name}", now);
        foreach (var (key, value) in definition.Tags)
        {
            stream.Tags[key] = value;
        }
        if (source is not null)
        {
            // AWS starts reading a Kinesis source at LATEST: records put before the stream existed are not delivered.
            foreach (var shard in source.Shards)
            {
                stream.Cursors[shard.ShardId] = new FirehoseShardCursor { StartCounter = shard.LatestCounterPlusOne };
                stream.StartCounters[shard.ShardId] = shard.LatestCounterPlusOne;
            }
        }
        lock (_gate)
        {
            if (_streams.ContainsKey(definition.Name))
            {
                throw FirehoseErrors.InUse(definition.Name, _options.AccountId);
            }
            var record = Stored(stream, stream.CutCursors);
            Persist(b => DurableStore.SaveDeliveryStream(b, _options.Region, record));
            _streams[definition.Name] = stream;
        }
        StartLoop();
        return stream;
    }

    private KinesisStream SourceStream(FirehoseStreamDefinition definition)
    {
        var arn = definition.KinesisStreamArn ?? throw FirehoseErrors.InvalidArgument("KinesisSourceStreamConfig is required for KinesisStreamAsSource delivery stream type.");
        if (!KinesisPattern().IsMatch(arn))
        {
            throw FirehoseErrors.Constraint("kinesisStreamSourceConfiguration.kinesisStreamARN", arn, @"Member must satisfy regular expression pattern: arn:.*:kinesis:[a-zA-Z0-9\-]+:\d{12}:stream/[a-zA-Z0-9_.-]+");
        }
        CheckRole(definition.KinesisRoleArn, "kinesisStreamSourceConfiguration.roleARN");
        if (arn.Split(':')[3] != _options.Region)
        {
            throw FirehoseErrors.InvalidArgument($"The Kinesis stream {arn} is not in this Firehose's region ({_options.Region}).");
        }
        try
        {
            return _kinesis.Stream(null, arn);
        }
        catch (Protocol.AwsServiceException e) when (e.Code == "ResourceNotFoundException")
        {
            throw FirehoseErrors.InvalidArgument($"Kinesis stream {arn} does not exist.");
        }
    }

    private static void CheckRole(string? role, string member)
    {
        if (role is null)
        {
            throw FirehoseErrors.Missing(member);
        }
        if (!RolePattern().IsMatch(role))
        {
            throw FirehoseErrors.Constraint(member, role, @"Member must satisfy regular expression pattern: arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+");
        }
    }

    private static void CheckDestination(FirehoseS3Destination d, string member)
    {
        CheckRole(d.RoleArn, member + ".roleARN");
        if (!BucketPattern().IsMatch(d.BucketArn))
        {
            throw FirehoseErrors.Constraint(member + ".bucketARN", d.BucketArn, @"Member must satisfy regular expression pattern: arn:.*:s3:::[\w\.\-]{1,255}");
        }
        if (d.SizeInMBs is < 1 or > 128)
        {
            throw FirehoseErrors.Constraint(member + ".bufferingHints.sizeInMBs", d.SizeInMBs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.SizeInMBs < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 128");
        }
        if (d.IntervalInSeconds is < 0 or > 900)
        {
            throw FirehoseErrors.Constraint(member + ".bufferingHints.intervalInSeconds", d.IntervalInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.IntervalInSeconds < 0 ? "Member must have value greater than or equal to 0" : "Member must have value less than or equal to 900");
        }
        switch (d.CompressionFormat)
        {
            case "UNCOMPRESSED" or "GZIP":
                break;
            case "ZIP" or "Snappy" or "HADOOP_SNAPPY":
                throw FirehoseErrors.InvalidArgument($"CompressionFormat {d.CompressionFormat} is not written by this local cloud: use UNCOMPRESSED or GZIP.");
            default:
                throw FirehoseErrors.Constraint(member + ".compressionFormat", d.CompressionFormat, "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY]");
        }
        if (d.KmsKeyArn is { } key && !KmsPattern().IsMatch(key))
        {
            throw FirehoseErrors.Constraint(member + ".encryptionConfiguration.kMSEncryptionConfig.aWSKMSKeyARN", key,
                @"Member must satisfy regular expression pattern: arn:.*:kms:[a-zA-Z0-9\-]+:\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\-_/]+");
        }
        if (d.Prefix is { Length: > 1024 } || d.ErrorOutputPrefix is { Length: > 1024 })
        {
            throw FirehoseErrors.Constraint(member + (d.Prefix is { Length: > 1024 } ? ".prefix" : ".errorOutputPrefix"), null, "Member must have length less than or equal to 1024");
        }
        if (d.FileExtension is { Length: > 0 } ext && !Regex.IsMatch(ext, @"^\.[0-9a-z!\-_.*'()]+$"))
        {
            throw FirehoseErrors.Constraint(member + ".fileExtension", ext, @"Member must satisfy regular expression pattern: ^$|\.[0-9a-z!\-_.*'()]+");
        }
        FirehosePrefix.Check(d.Prefix, d.ErrorOutputPrefix);
    }

    private static void CheckTags(IReadOnlyCollection<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > 50)
        {
            throw FirehoseErrors.Constraint("tags", null, "Member must have length less than or equal to 50");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.Ordinal))
            {
                throw FirehoseErrors.InvalidArgument($"Tag key '{key}' is invalid: it must have 1 to 128 characters and must not start with 'aws:'.");
            }
            if (value.Length > 256)
            {
                throw FirehoseErrors.InvalidArgument($"Tag value for key '{key}' is longer than 256 characters.");
            }
        }
    }

    public FirehoseDeliveryStream Stream(string? name)
    {
        name = CheckName(name);
        lock (_gate)
        {
            return _streams.TryGetValue(name, out var stream) ? stream : throw FirehoseErrors.NotFound(name, _options.AccountId);
        }
    }

    /// <summary>Makes a new stream ACTIVE now rather than on the delivery loop's next pass (CloudFormation waits for it).</summary>
    public void Activate(string name)
    {
        var stream = Stream(name);
        lock (stream.Gate)
        {
            stream.Status = "ACTIVE";
        }
    }

    public bool Exists(string name)
    {
        lock (_gate)
        {
            return _streams.ContainsKey(name);
        }
    }

    /// <summary>ListDeliveryStreams: names in order after the exclusive start, of one type if asked, at most <paramref name="limit"/> (10 by default).</summary>
    public (IReadOnlyList<string> Names, bool HasMore) ListDeliveryStreams(int? limit, string? type, string? exclusiveStart)
    {
        if (limit is < 1 or > 10000)
        {
            throw FirehoseErrors.Constraint("limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
        }
        List<FirehoseDeliveryStream> all;
        lock (_gate)
        {
            all = [.. _streams.Values];
        }
        var matching = all.Where(s => (type is null || s.Definition.Type == type)
            && (exclusiveStart is null || string.CompareOrdinal(s.Name, exclusiveStart) > 0)).Select(s => s.Name).ToList();
        var take = limit ?? 10;
        return (matching.Take(take).ToList(), matching.Count > take);
    }

    /// <summary>DeleteDeliveryStream: the stream goes at once; what it had buffered and not delivered goes with it, as on AWS.</summary>
    public void DeleteDeliveryStream(string? name)
    {
        name = CheckName(name);
        lock (_gate)
        {
            if (!_streams.ContainsKey(name))
            {
                throw FirehoseErrors.NotFound(name, _options.AccountId);
            }
            Persist(b => DurableStore.DeleteDeliveryStream(b, _options.Region, name));
            _streams.Remove(name);
        }
    }

    /// <summary>
    /// UpdateDestination's effect: a new S3 destination (buffer, prefix, compression, encryption) and the
    /// next version. What is buffered is cut first, under the old configuration.
    /// </summary>
    public void UpdateDestination(string name, FirehoseS3Destination destination)
    {
        var stream = Stream(name);
        CheckDestination(destination, destination.Extended ? "extendedS3DestinationUpdate" : "s3DestinationUpdate");
        lock (stream.Gate)
        {
            var now = Now;
            var record = Stored(stream, stream.CutCursors) with { Definition = stream.Definition with { Destination = destination }, Version = stream.Version + 1, LastUpdated = now };
            Cut(stream, b => DurableStore.SaveDeliveryStream(b, _options.Region, record with { CutCursors = stream.Definition.Type == "DirectPut" ? record.CutCursors : new(stream.BufferCursors, StringComparer.Ordinal) }));
            stream.Definition = record.Definition;
            stream.Version = record.Version;
            stream.LastUpdated = now;
        }
    }

    public void TagDeliveryStream(string? name, IReadOnlyList<KeyValuePair<string, string>>? tags)
    {
        var stream = Stream(name);
        if (tags is null)
        {
            throw FirehoseErrors.Missing("tags");
        }
        if (tags.Count == 0)
        {
            throw FirehoseErrors.Constraint("tags", "[]", "Member must have length greater than or equal to 1");
        }
        CheckTags(tags);
        lock (stream.Gate)
        {
            var keys = stream.Tags.Keys.Union(tags.Select(t => t.Key), StringComparer.Ordinal).Count();
            if (keys > 50)
            {
                throw FirehoseErrors.LimitExceeded($"Firehose {stream.Name} would have {keys} tags; the limit is 50.");
            }
            var record = Stored(stream, stream.CutCursors);
            foreach (var (key, value) in tags)
            {
                record.Tags[key] = value;
            }
            Persist(b => DurableStore.SaveDeliveryStream(b, _options.Region, record));
            foreach (var (key, value) in tags)
            {
                stream.Tags[key] = value;
            }
        }
    }

    public void UntagDeliveryStream(string? name, IReadOnlyList<string>? keys)
    {
        var stream = Stream(name);
        if (keys is null)
        {
            throw FirehoseErrors.Missing("tagKeys");
        }
        if (keys.Count is 0 or > 50)
        {
            throw FirehoseErrors.Constraint("tagKeys", null, keys.Count == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 50");
        }
        lock (stream.Gate)
        {
            var record = Stored(stream, stream.CutCursors);
            foreach (var key in keys)
            {
                record.Tags.Remove(key);
            }
            Persist(b => DurableStore.SaveDeliveryStream(b, _options.Region, record));
            foreach (var key in keys)
            {
                stream.Tags.Remove(key);
            }
        }
    }

    /// <summary>ListTagsForDeliveryStream: tags by key after the exclusive start, at most <paramref name="limit"/> (50 by default).</summary>
    public (IReadOnlyList<KeyValuePair<string, string>> Tags, bool HasMore) ListTags(string? name, string? exclusiveStartKey, int? limit)
    {
        var stream = Stream(name);
        if (limit is < 1 or > 50)
        {
            throw FirehoseErrors.Constraint("limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 50");
        }
        List<KeyValuePair<string, string>> all;
        lock (stream.Gate)
        {
            all = [.. stream.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
        }
        var after = all.Where(t => exclusiveStartKey is null || string.CompareOrdinal(t.Key, exclusiveStartKey) > 0).ToList();
        var take = limit ?? 50;
        return (after.Take(take).ToList(), after.Count > take);
    }

    /// <summary>A record id: opaque, unique, as long as AWS's.</summary>
    private static string NewRecordId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(42));

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else is thrown out of it.
        }
        _stopping.Dispose();
        _wake.Dispose();
    }
}
