using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// Everything a stream carries besides its records: tags, server-side encryption, enhanced monitoring,
/// resource policies, registered consumers and the capacity mode. Each change is written to the data
/// directory before it is seen, under the stream's settings lock.
/// </summary>
internal sealed partial class KinesisService
{
    /// <summary>The seven shard-level metrics <c>ALL</c> stands for, in AWS's order.</summary>
    public static readonly ImmutableArray<string> AllShardLevelMetrics =
        ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];

    private const int MaxTagsPerResource = 50;
    private const int MaxConsumersPerStream = 20;
    private const int OnDemandStreamCountLimit = 50;

    /// <summary>Checks a KMS key id, ARN or alias against the region's KMS (throws its error); null accepts any key.</summary>
    public Action<string>? VerifyKmsKey { get; init; }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex ConsumerNamePattern();

    private void Change(KinesisStream stream, Func<KinesisStreamSettings, KinesisStreamSettings> change, string? mode = null)
    {
        lock (stream.SettingsGate)
        {
            var next = change(stream.Settings);
            var nextMode = mode ?? stream.Mode;
            _store?.SaveStreamSettings(_options.Region, stream.Name, nextMode, next);
            stream.Settings = next;
            stream.Mode = nextMode;
        }
    }

    public void AddTags(KinesisStream stream, IReadOnlyDictionary<string, string> tags) =>
        Change(stream, s => s with { Tags = Tagged(s.Tags, tags, $"stream {stream.Name} under account {Account}") });

    public void RemoveTags(KinesisStream stream, IReadOnlyList<string> keys) =>
        Change(stream, s => s with { Tags = s.Tags.RemoveRange(keys) });

    /// <summary>ListTagsForStream: tags in key order after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public (IReadOnlyList<KeyValuePair<string, string>> Tags, bool More) ListTags(KinesisStream stream, string? after, int limit)
    {
        var tags = stream.Settings.Tags.Where(t => after is null || string.CompareOrdinal(t.Key, after) > 0).ToList();
        return (tags.Take(limit).ToList(), tags.Count > limit);
    }

    private static ImmutableSortedDictionary<string, string> Tagged(ImmutableSortedDictionary<string, string> current, IReadOnlyDictionary<string, string> tags, string what)
    {
        foreach (var (key, value) in tags)
        {
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw KinesisErrors.InvalidArgument($"Tag key {key} is invalid: the aws: prefix is reserved for AWS use.");
            }
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw KinesisErrors.InvalidArgument($"Tag {key} is invalid: keys are 1 to 128 characters and values at most 256.");
            }
        }
        var next = current.SetItems(tags);
        if (next.Count > MaxTagsPerResource)
        {
            throw KinesisErrors.InvalidArgument($"Failed to add tags to {what} because a given resource cannot have more than {MaxTagsPerResource} tags.");
        }
        return next;
    }

    /// <summary>The resource an ARN names for TagResource, policies and consumers: a stream, or one of its consumers.</summary>
    public (KinesisStream Stream, KinesisConsumer? Consumer) Resource(string arn)
    {
        var marker = arn.IndexOf("/consumer/", StringComparison.Ordinal);
        var streamArn = marker < 0 ? arn : arn[..marker];
        if (!streamArn.Contains(":stream/", StringComparison.Ordinal))
        {
            // The model's ARN pattern allows more than a stream's ARN; whatever else it names does not exist here.
            throw KinesisErrors.StreamNotFound(arn, Account);
        }
        var stream = Stream(null, streamArn);
        if (marker < 0)
        {
            return (stream, null);
        }
        var consumer = stream.Settings.Consumers.FirstOrDefault(c => c.Arn == arn) ?? throw ConsumerNotFound(arn);
        return (stream, consumer);
    }

    public void TagResource(string arn, IReadOnlyDictionary<string, string> tags)
    {
        var (stream, consumer) = Resource(arn);
        if (consumer is null)
        {
            AddTags(stream, tags);
            return;
        }
        ChangeConsumer(stream, consumer.Arn, c => c with { Tags = Tagged(c.Tags, tags, $"consumer {arn}") });
    }

    public void UntagResource(string arn, IReadOnlyList<string> keys)
    {
        var (stream, consumer) = Resource(arn);
        if (consumer is null)
        {
            RemoveTags(stream, keys);
            return;
        }
        ChangeConsumer(stream, consumer.Arn, c => c with { Tags = c.Tags.RemoveRange(keys) });
    }

    public IReadOnlyDictionary<string, string> ListTagsForResource(string arn)
    {
        var (stream, consumer) = Resource(arn);
        return consumer?.Tags ?? stream.Settings.Tags;
    }

    private void ChangeConsumer(KinesisStream stream, string arn, Func<KinesisConsumer, KinesisConsumer> change) =>
        Change(stream, s =>
        {
            var consumer = s.Consumers.FirstOrDefault(c => c.Arn == arn) ?? throw ConsumerNotFound(arn);
            return s with { Consumers = s.Consumers.Replace(consumer, change(consumer)) };
        });

    /// <summary>StartStreamEncryption: KMS with the given key (checked against the region's KMS, as AWS checks it).</summary>
    public void StartEncryption(KinesisStream stream, string encryptionType, string keyId)
    {
        if (encryptionType != "KMS")
        {
            throw KinesisErrors.InvalidArgument($"Encryption type {encryptionType} is not valid for StartStreamEncryption; use KMS.");
        }
        if (keyId != "alias/aws/kinesis")
        {
            VerifyKmsKey?.Invoke(keyId);
        }
        Change(stream, s => s with { EncryptionType = "KMS", KeyId = keyId });
    }

    public void StopEncryption(KinesisStream stream, string encryptionType, string keyId)
    {
        if (encryptionType != "KMS")
        {
            throw KinesisErrors.InvalidArgument($"Encryption type {encryptionType} is not valid for StopStreamEncryption; use KMS.");
        }
        if (stream.Settings.EncryptionType != "KMS")
        {
            throw KinesisErrors.InvalidArgument($"Stream {stream.Name} under account {Account} is not encrypted.");
        }
        Change(stream, s => s with { EncryptionType = "NONE", KeyId = null });
    }

    /// <summary>Enable/DisableEnhancedMonitoring: the metrics before and after (<c>ALL</c> stands for all seven).</summary>
    public (IReadOnlyList<string> Current, IReadOnlyList<string> Desired) SetMonitoring(KinesisStream stream, IReadOnlyList<string> metrics, bool enable)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            if (metric == "ALL")
            {
                named.UnionWith(AllShardLevelMetrics);
            }
            else if (AllShardLevelMetrics.Contains(metric))
            {
                named.Add(metric);
            }
            else
            {
                throw KinesisErrors.Validation("shardLevelMetrics", $"Member must satisfy enum value set: [{string.Join(", ", AllShardLevelMetrics)}, ALL]", metric);
            }
        }
        IReadOnlyList<string> current = [];
        IReadOnlyList<string> desired = [];
        Change(stream, s =>
        {
            current = Ordered(s.ShardLevelMetrics);
            var next = enable ? s.ShardLevelMetrics.Union(named) : s.ShardLevelMetrics.Except(named);
            desired = Ordered(next);
            return s with { ShardLevelMetrics = next };
        });
        return (current, desired);
    }

    /// <summary>Metrics in AWS's order.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> metrics)
    {
        var set = metrics.ToHashSet(StringComparer.Ordinal);
        return [.. AllShardLevelMetrics.Where(set.Contains)];
    }

    public KinesisConsumer RegisterConsumer(KinesisStream stream, string name, IReadOnlyDictionary<string, string>? tags)
    {
        if (name.Length is < 1 or > 128 || !ConsumerNamePattern().IsMatch(name))
        {
            throw KinesisErrors.Validation("consumerName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", name);
        }
        var now = Now;
        var consumer = new KinesisConsumer(name, $"{stream.Arn}/consumer/{name}:{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}", now,
            Tagged(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), tags ?? new Dictionary<string, string>(), $"consumer {name}"), null);
        Change(stream, s =>
        {
            if (s.Consumers.Any(c => c.Name == name))
            {
                throw new Protocol.AwsServiceException("ResourceInUseException", $"Consumer {name} already exists for stream {stream.Arn} under account {Account}.");
            }
            if (s.Consumers.Count >= MaxConsumersPerStream)
            {
                throw KinesisErrors.LimitExceeded($"Stream {stream.Arn} under account {Account} has reached the limit of {MaxConsumersPerStream} registered consumers.");
            }
            return s with { Consumers = s.Consumers.Add(consumer) };
        });
        return consumer;
    }

    /// <summary>The consumer a ConsumerARN, or a StreamARN and ConsumerName, names.</summary>
    public (KinesisStream Stream, KinesisConsumer Consumer) Consumer(string? streamArn, string? name, string? consumerArn)
    {
        if (consumerArn is not null)
        {
            if (!consumerArn.Contains("/consumer/", StringComparison.Ordinal))
            {
                throw ConsumerNotFound(consumerArn);
            }
            try
            {
                var (stream, consumer) = Resource(consumerArn);
                return (stream, consumer!);
            }
            catch (Protocol.AwsServiceException e) when (e.Code == "ResourceNotFoundException")
            {
                throw ConsumerNotFound(consumerArn);
            }
        }
        if (streamArn is null || name is null)
        {
            throw KinesisErrors.InvalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        var owner = Stream(null, streamArn);
        return (owner, owner.Settings.Consumers.FirstOrDefault(c => c.Name == name) ?? throw ConsumerNotFound($"{name} for stream {streamArn}"));
    }

    public void DeregisterConsumer(string? streamArn, string? name, string? consumerArn)
    {
        var (stream, consumer) = Consumer(streamArn, name, consumerArn);
        Change(stream, s => s with { Consumers = s.Consumers.RemoveAll(c => c.Arn == consumer.Arn) });
    }

    private Protocol.AwsServiceException ConsumerNotFound(string what) =>
        new("ResourceNotFoundException", $"Consumer {what}, account {Account} not found.");

    public void PutPolicy(string arn, string policy)
    {
        try
        {
            using var document = JsonDocument.Parse(policy);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw KinesisErrors.InvalidArgument("The resource policy must be a JSON object.");
            }
        }
        catch (JsonException)
        {
            throw KinesisErrors.InvalidArgument("The resource policy is not valid JSON.");
        }
        var (stream, consumer) = Resource(arn);
        if (consumer is null)
        {
            Change(stream, s => s with { Policy = policy });
        }
        else
        {
            ChangeConsumer(stream, consumer.Arn, c => c with { Policy = policy });
        }
    }

    /// <summary>GetResourcePolicy: the policy, or <c>{}</c> when the resource has none, as AWS answers.</summary>
    public string GetPolicy(string arn)
    {
        var (stream, consumer) = Resource(arn);
        return (consumer is null ? stream.Settings.Policy : consumer.Policy) ?? "{}";
    }

    public void DeletePolicy(string arn)
    {
        var (stream, consumer) = Resource(arn);
        if ((consumer is null ? stream.Settings.Policy : consumer.Policy) is null)
        {
            throw new Protocol.AwsServiceException("ResourceNotFoundException", $"No resource policy found for resource ARN {arn}.");
        }
        if (consumer is null)
        {
            Change(stream, s => s with { Policy = null });
        }
        else
        {
            ChangeConsumer(stream, consumer.Arn, c => c with { Policy = null });
        }
    }

    public void UpdateStreamMode(KinesisStream stream, string mode)
    {
        if (mode is not ("PROVISIONED" or "ON_DEMAND"))
        {
            throw KinesisErrors.Validation("streamModeDetails.streamMode", "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]", mode);
        }
        if (mode == "ON_DEMAND" && stream.Mode != "ON_DEMAND" && _streams.Values.Count(s => s.Mode == "ON_DEMAND") >= OnDemandStreamCountLimit)
        {
            throw KinesisErrors.LimitExceeded($"This request would exceed the limit of {OnDemandStreamCountLimit} on-demand streams for the account {Account} in {_options.Region}.");
        }
        Change(stream, s => s, mode);
    }

    /// <summary>DescribeLimits: the account's shard limit and on-demand stream counts in this region.</summary>
    public (int ShardLimit, int OpenShards, int OnDemandStreams, int OnDemandLimit) Limits()
    {
        var streams = _streams.Values.ToList();
        return (MaxShardsPerAccount, streams.Sum(s => s.OpenShards.Count), streams.Count(s => s.Mode == "ON_DEMAND"), OnDemandStreamCountLimit);
    }
}
