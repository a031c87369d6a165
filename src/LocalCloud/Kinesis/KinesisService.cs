using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// Kinesis Data Streams as a plain object: MD5 hash-key sharding, AWS-shaped sequence numbers,
/// per-shard write limits, expiring iterators and retention. Thread-safe.
/// </summary>
internal sealed partial class KinesisService : IDisposable
{
    public const int MaxRecordBytes = 1024 * 1024;
    public const int MaxRequestBytes = 5 * 1024 * 1024;
    private const int MaxShardsPerAccount = 500;
    private readonly ConcurrentDictionary<string, KinesisStream> _streams = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;
    private readonly object _createGate = new();

    private readonly DurableStore? _store;

    public KinesisService(LocalCloudOptions options, DurableStore? store = null)
    {
        _options = options;
        _store = store;
        if (store is null)
        {
            return;
        }
        foreach (var stored in store.LoadStreams(options.Region))
        {
            var journal = Journal(stored.Name);
            var stream = new KinesisStream(stored.Name, stored.Arn, stored.Mode, stored.Created, stored.Incarnation, journal, RestoredShards(stored, journal))
            {
                RetentionHours = stored.RetentionHours,
                Settings = stored.Settings,
            };
            foreach (var shard in stream.Shards)
            {
                shard.Restore(stored.Records[shard.Index].Select(r => new KinesisRecord(r.Counter, shard.SequenceNumber(r.Counter), r.ArrivalTime, r.Data, r.PartitionKey)), stored.Counters[shard.Index]);
                if (stored.Layout is { } layout && layout[shard.Index] is { ClosedCounter: { } last, ClosedAtMs: { } closed })
                {
                    shard.RestoreClosed(last, DateTimeOffset.FromUnixTimeMilliseconds(closed));
                }
            }
            _streams[stream.Name] = stream;
        }
    }

    /// <summary>The shards a stored stream had: as its layout records them after a split or merge, else split evenly.</summary>
    private static KinesisShard[] RestoredShards(DurableStore.StoredStream stored, Func<int, KinesisShardJournal>? journal) =>
        stored.Layout is not { } layout
            ? KinesisStream.EvenShards(stored.ShardCount, stored.Created, journal)
            : layout.Select((l, i) => new KinesisShard(i, BigInteger.Parse(l.Start, CultureInfo.InvariantCulture), BigInteger.Parse(l.End, CultureInfo.InvariantCulture), stored.Created.ToUnixTimeSeconds())
            {
                Journal = journal?.Invoke(i),
                ParentShardId = l.Parent,
                AdjacentParentShardId = l.Adjacent,
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(l.CreatedMs),
            }).ToArray();

    private Func<int, KinesisShardJournal>? Journal(string stream) =>
        _store is { } store ? shard => new KinesisShardJournal(store, _options.Region, stream, shard) : null;

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    private string Account => _options.AccountId;

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$")]
    private static partial Regex StreamNamePattern();

    /// <summary>Creates a stream; without a shard count or mode it is on-demand with 4 shards, as AWS does.</summary>
    public void CreateStream(string name, int? shardCount, string? mode = null, IReadOnlyDictionary<string, string>? tags = null)
    {
        mode ??= shardCount is null ? "ON_DEMAND" : "PROVISIONED";
        if (!StreamNamePattern().IsMatch(name))
        {
            throw KinesisErrors.Validation("streamName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", name);
        }
        if (mode is not ("PROVISIONED" or "ON_DEMAND"))
        {
            throw KinesisErrors.Validation("streamModeDetails.streamMode", "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]", mode);
        }
        var count = shardCount ?? (mode == "ON_DEMAND" ? 4 : throw KinesisErrors.InvalidArgument("ShardCount is required for PROVISIONED streams."));
        if (count < 1)
        {
            throw KinesisErrors.Validation("shardCount", "Member must have value greater than or equal to 1", count.ToString(CultureInfo.InvariantCulture));
        }
        lock (_createGate)
        {
            if (_streams.ContainsKey(name))
            {
                throw KinesisErrors.InUse(name, Account);
            }
            var open = OpenShardsInAccount();
            if (open + count > MaxShardsPerAccount)
            {
                throw KinesisErrors.LimitExceeded(KinesisErrors.ShardLimitMessage(Account, _options.Region, open, count, MaxShardsPerAccount));
            }
            var now = Now;
            var journal = Journal(name);
            var stream = new KinesisStream(name, $"arn:{_options.Partition}:kinesis:{_options.Region}:{Account}:stream/{name}", mode, now, Guid.NewGuid(), journal, KinesisStream.EvenShards(count, now, journal));
            if (tags is { Count: > 0 })
            {
                stream.Settings = stream.Settings with { Tags = Tagged(stream.Settings.Tags, tags, $"stream {name} under account {Account}") };
            }
            _store?.SaveStream(_options.Region, stream);
            _streams[name] = stream;
        }
    }

    public void DeleteStream(string name)
    {
        lock (_createGate)
        {
            if (!_streams.ContainsKey(name))
            {
                throw KinesisErrors.StreamNotFound(name, Account);
            }
            _store?.DeleteStream(_options.Region, name);
            _streams.TryRemove(name, out _);
        }
    }

    public IReadOnlyList<KinesisStream> ListStreams() => _streams.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>The stream named, or the one whose ARN is given.</summary>
    public KinesisStream Stream(string? name, string? arn)
    {
        if (name is null && arn is not null)
        {
            var slash = arn.IndexOf(":stream/", StringComparison.Ordinal);
            if (slash < 0)
            {
                throw KinesisErrors.Validation("streamARN", "Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+", arn);
            }
            name = arn[(slash + 8)..];
        }
        if (name is null)
        {
            throw KinesisErrors.InvalidArgument("Either StreamName or StreamARN should be provided.");
        }
        return _streams.TryGetValue(name, out var stream) && (arn is null || stream.Arn == arn) ? stream : throw KinesisErrors.StreamNotFound(name, Account);
    }

    public void SetRetention(KinesisStream stream, int hours, bool increase)
    {
        if (hours is < 24 or > 8760)
        {
            throw KinesisErrors.InvalidArgument($"Minimum allowed retention period is 24 hours. Maximum allowed retention period is 8760 hours. Requested retention period ({hours} hours) is out of range.");
        }
        if (increase && hours < stream.RetentionHours)
        {
            throw KinesisErrors.InvalidArgument($"Requested retention period ({hours} hours) for stream {stream.Name} can not be shorter than existing retention period ({stream.RetentionHours} hours). Use DecreaseRetentionPeriod API.");
        }
        if (!increase && hours > stream.RetentionHours)
        {
            throw KinesisErrors.InvalidArgument($"Requested retention period ({hours} hours) for stream {stream.Name} can not be longer than existing retention period ({stream.RetentionHours} hours). Use IncreaseRetentionPeriod API.");
        }
        var previous = stream.RetentionHours;
        stream.RetentionHours = hours;
        try
        {
            _store?.SaveStream(_options.Region, stream);
        }
        catch
        {
            stream.RetentionHours = previous;
            throw;
        }
    }

    /// <summary>The hash key a record maps to: its explicit hash key, or the MD5 of its partition key as a 128-bit number.</summary>
    public static BigInteger HashKey(string partitionKey, string? explicitHashKey)
    {
        if (explicitHashKey is not null)
        {
            return BigInteger.Parse(explicitHashKey, CultureInfo.InvariantCulture);
        }
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(partitionKey));
        return new BigInteger(digest, isUnsigned: true, isBigEndian: true);
    }

    public static void ValidateEntry(KinesisPutEntry entry, string member)
    {
        if (entry.Data.Length > MaxRecordBytes)
        {
            throw KinesisErrors.Validation(member + "data", $"Member must have length less than or equal to {MaxRecordBytes}", "java.nio.HeapByteBuffer");
        }
        if (entry.PartitionKey.Length < 1)
        {
            throw KinesisErrors.Validation(member + "partitionKey", "Member must have length greater than or equal to 1", entry.PartitionKey);
        }
        if (entry.PartitionKey.Length > 256)
        {
            throw KinesisErrors.Validation(member + "partitionKey", "Member must have length less than or equal to 256", entry.PartitionKey);
        }
        if (entry.ExplicitHashKey is { } key)
        {
            if (!ExplicitHashKeyPattern().IsMatch(key))
            {
                throw KinesisErrors.Validation(member + "explicitHashKey", "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})", key);
            }
            if (BigInteger.Parse(key, CultureInfo.InvariantCulture) > KinesisStream.MaxHashKey)
            {
                throw KinesisErrors.InvalidArgument($"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {key}");
            }
        }
    }

    [GeneratedRegex("^(0|([1-9]\\d{0,38}))$")]
    private static partial Regex ExplicitHashKeyPattern();

    /// <summary>PutRecords: every entry lands or gets its own error; order within a shard follows the request.</summary>
    public KinesisPutResult[] PutRecords(KinesisStream stream, IReadOnlyList<KinesisPutEntry> entries)
    {
        if (entries.Count is < 1 or > 500)
        {
            throw KinesisErrors.Validation("records", entries.Count < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 500", "[...]");
        }
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            ValidateEntry(entries[i], $"records.{i + 1}.member.");
            total += entries[i].Data.Length + Encoding.UTF8.GetByteCount(entries[i].PartitionKey);
        }
        if (total > MaxRequestBytes)
        {
            throw KinesisErrors.InvalidArgument("Records size exceeds 5 MB limit");
        }
        return Route(stream, entries);
    }

    /// <summary>Appends each entry to the open shard owning its hash key; every entry lands or gets its own error.</summary>
    private KinesisPutResult[] Route(KinesisStream stream, IReadOnlyList<KinesisPutEntry> entries)
    {
        var results = new KinesisPutResult?[entries.Count];
        IReadOnlyList<int> unrouted = Enumerable.Range(0, entries.Count).ToList();
        while (unrouted.Count > 0)
        {
            var byShard = new Dictionary<KinesisShard, List<int>>();
            foreach (var i in unrouted)
            {
                var shard = stream.ShardFor(HashKey(entries[i].PartitionKey, entries[i].ExplicitHashKey));
                if (!byShard.TryGetValue(shard, out var list))
                {
                    byShard[shard] = list = [];
                }
                list.Add(i);
            }
            var now = Now;
            var again = new List<int>();
            foreach (var (shard, positions) in byShard)
            {
                // A split or merge closed the shard meanwhile: its records go to the children.
                if (shard.Append(entries, results, positions, now, _options.KinesisThrottling, stream.Name, Account) < 0)
                {
                    again.AddRange(positions);
                }
            }
            unrouted = again;
        }
        return results!;
    }

    public KinesisPutResult PutRecord(KinesisStream stream, KinesisPutEntry entry)
    {
        ValidateEntry(entry, "");
        var result = Route(stream, [entry])[0];
        return result.ErrorCode is null ? result : throw new Protocol.AwsServiceException(result.ErrorCode, result.ErrorMessage!);
    }

    public void Dispose()
    {
        _streams.Clear();
    }
}
