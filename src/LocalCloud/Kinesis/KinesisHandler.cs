using System.Globalization;
using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>The AWS JSON 1.1 face of <see cref="KinesisService"/> (<c>X-Amz-Target: Kinesis_20131202.*</c>).</summary>
internal sealed partial class KinesisHandler(Func<string, KinesisService> kinesisFor) : IAwsServiceHandler
{
    /// <summary>The operations <c>Dispatch</c> serves; each request for one is held to the kinesis model first.</summary>
    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateStream", "DecreaseStreamRetentionPeriod", "DeleteStream", "DescribeStream", "DescribeStreamSummary",
        "GetRecords", "GetShardIterator", "IncreaseStreamRetentionPeriod", "ListShards", "ListStreams", "PutRecord",
        "PutRecords", "AddTagsToStream", "RemoveTagsFromStream", "ListTagsForStream", "TagResource", "UntagResource",
        "ListTagsForResource", "StartStreamEncryption", "StopStreamEncryption", "EnableEnhancedMonitoring",
        "DisableEnhancedMonitoring", "RegisterStreamConsumer", "DescribeStreamConsumer", "ListStreamConsumers",
        "DeregisterStreamConsumer", "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy", "UpdateStreamMode",
        "DescribeLimits", "SplitShard", "MergeShards", "UpdateShardCount",
    };

    public string SigningName => "kinesis";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["Kinesis_20131202"];

    public string? QueryVersion => null;

    public string QueryNamespace => "http://kinesis.amazonaws.com/doc/2013-12-02";

    public string JsonContentType => "application/x-amz-json-1.1";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => false;

    public string? ModelName => "kinesis";

    public bool Serves(string action) => Operations.Contains(action);

    public string? WhyUnserved(string action) => Unserved.GetValueOrDefault(action);

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            // The Java SDK and KCL send CBOR unless told not to; this endpoint reads JSON only, and says so
            // in CBOR, which is what such a client parses errors from.
            const string Type = "SerializationException";
            var message = "CBOR request bodies (application/x-amz-cbor-1.1) are not supported by the Sluice local cloud; "
                + "turn CBOR off in the client (AWS_CBOR_DISABLE=true, or -Dcom.amazonaws.sdk.disableCbor / aws.cborEnabled=false).";
            return ValueTask.FromResult(new AwsResponse(400, CborErrors.ContentType, CborErrors.Body(Type, message))
            {
                Headers = [new("x-amzn-ErrorType", Type)],
            });
        }
        using var document = JsonInput.ParseDocument(request.Body);
        var input = new JsonInput(document.RootElement);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Dispatch(kinesisFor(request.Region), request.Action, input, w);
            w.WriteEndObject();
        }
        return ValueTask.FromResult(new AwsResponse(200, JsonContentType, buffer.ToArray()));
    }

    private static KinesisStream Stream(KinesisService kinesis, JsonInput input) => kinesis.Stream(input.String("StreamName"), input.String("StreamARN"));

    private static string Required(JsonInput input, string name) =>
        input.String(name) ?? throw KinesisErrors.Validation(char.ToLowerInvariant(name[0]) + name[1..], "Member must not be null");

    private static void Dispatch(KinesisService kinesis, string action, JsonInput input, Utf8JsonWriter w)
    {
        switch (action)
        {
            case "CreateStream":
                kinesis.CreateStream(Required(input, "StreamName"), input.Int("ShardCount"), input.Object("StreamModeDetails")?.String("StreamMode"), input.StringMap("Tags"));
                break;
            case "DeleteStream":
                kinesis.DeleteStream(Stream(kinesis, input).Name);
                break;
            case "DescribeStream":
                DescribeStream(kinesis, Stream(kinesis, input), input, w);
                break;
            case "DescribeStreamSummary":
                DescribeStreamSummary(Stream(kinesis, input), w);
                break;
            case "ListStreams":
                ListStreams(kinesis, input, w);
                break;
            case "ListShards":
                ListShards(kinesis, input, w);
                break;
            case "PutRecord":
                // The body is read (and refused if malformed) before the stream is looked up, as AWS does.
                var entry = ReadEntry(input);
                var target = Stream(kinesis, input);
                var put = kinesis.PutRecord(target, entry);
                w.WriteString("ShardId", put.ShardId);
                w.WriteString("SequenceNumber", put.SequenceNumber);
                w.WriteString("EncryptionType", target.Settings.EncryptionType);
                break;
            case "PutRecords":
                PutRecords(kinesis, input, w);
                break;
            case "GetShardIterator":
                w.WriteString("ShardIterator", kinesis.GetShardIterator(Stream(kinesis, input), Required(input, "ShardId"), Required(input, "ShardIteratorType"),
                    input.String("StartingSequenceNumber"), input.Timestamp("Timestamp")));
                break;
            case "GetRecords":
                GetRecords(kinesis, input, w);
                break;
            case "SplitShard":
                kinesis.SplitShard(Stream(kinesis, input), Required(input, "ShardToSplit"), Required(input, "NewStartingHashKey"));
                break;
            case "MergeShards":
                kinesis.MergeShards(Stream(kinesis, input), Required(input, "ShardToMerge"), Required(input, "AdjacentShardToMerge"));
                break;
            case "UpdateShardCount":
                var scaled = Stream(kinesis, input);
                var shardCount = input.Int("TargetShardCount") ?? throw KinesisErrors.Validation("targetShardCount", "Member must not be null");
                var current = kinesis.UpdateShardCount(scaled, shardCount, Required(input, "ScalingType"));
                w.WriteString("StreamName", scaled.Name);
                w.WriteNumber("CurrentShardCount", current);
                w.WriteNumber("TargetShardCount", shardCount);
                w.WriteString("StreamARN", scaled.Arn);
                break;
            case "IncreaseStreamRetentionPeriod" or "DecreaseStreamRetentionPeriod":
                kinesis.SetRetention(Stream(kinesis, input), input.Int("RetentionPeriodHours") ?? throw KinesisErrors.Validation("retentionPeriodHours", "Member must not be null"),
                    action.StartsWith("Increase", StringComparison.Ordinal));
                break;
            default:
                if (!DispatchSettings(kinesis, action, input, w))
                {
                    throw new AwsServiceException("UnknownOperationException", Unserved.TryGetValue(action, out var why)
                        ? $"{action} is not served by the Sluice local cloud's Kinesis: {why}."
                        : $"Unknown operation {action}");
                }
                break;
        }
    }

    private static KinesisPutEntry ReadEntry(JsonInput input) =>
        new(input.Blob("Data") ?? throw KinesisErrors.Validation("data", "Member must not be null"),
            input.String("PartitionKey") ?? throw KinesisErrors.Validation("partitionKey", "Member must not be null"),
            input.String("ExplicitHashKey"));

    private static void PutRecords(KinesisService kinesis, JsonInput input, Utf8JsonWriter w)
    {
        var records = input.Array("Records") ?? throw KinesisErrors.Validation("records", "Member must not be null");
        var entries = new List<KinesisPutEntry>(records.Count);
        foreach (var r in records)
        {
            entries.Add(ReadEntry(r));
        }
        var stream = Stream(kinesis, input);
        var results = kinesis.PutRecords(stream, entries);
        w.WriteNumber("FailedRecordCount", results.Count(r => r.ErrorCode is not null));
        w.WriteStartArray("Records");
        foreach (var r in results)
        {
            w.WriteStartObject();
            if (r.ErrorCode is null)
            {
                w.WriteString("SequenceNumber", r.SequenceNumber);
                w.WriteString("ShardId", r.ShardId);
            }
            else
            {
                w.WriteString("ErrorCode", r.ErrorCode);
                w.WriteString("ErrorMessage", r.ErrorMessage);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("EncryptionType", stream.Settings.EncryptionType);
    }

    private static void GetRecords(KinesisService kinesis, JsonInput input, Utf8JsonWriter w)
    {
        var (records, next, behind, encrypted, children) = kinesis.GetRecordsOf(Required(input, "ShardIterator"), input.Int("Limit"));
        w.WriteStartArray("Records");
        foreach (var r in records)
        {
            w.WriteStartObject();
            w.WriteString("SequenceNumber", r.SequenceNumber);
            w.WriteNumber("ApproximateArrivalTimestamp", r.ArrivalTime.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteBase64String("Data", r.Data);
            w.WriteString("PartitionKey", r.PartitionKey);
            if (encrypted)
            {
                w.WriteString("EncryptionType", "KMS");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (next is not null)
        {
            w.WriteString("NextShardIterator", next);
        }
        w.WriteNumber("MillisBehindLatest", behind);
        if (children is not null)
        {
            w.WriteStartArray("ChildShards");
            foreach (var child in children)
            {
                w.WriteStartObject();
                w.WriteString("ShardId", child.ShardId);
                w.WriteStartArray("ParentShards");
                w.WriteStringValue(child.ParentShardId);
                if (child.AdjacentParentShardId is { } adjacent)
                {
                    w.WriteStringValue(adjacent);
                }
                w.WriteEndArray();
                WriteHashKeyRange(w, child);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    private static void WriteHashKeyRange(Utf8JsonWriter w, KinesisShard shard)
    {
        w.WriteStartObject("HashKeyRange");
        w.WriteString("StartingHashKey", shard.StartingHashKey.ToString(CultureInfo.InvariantCulture));
        w.WriteString("EndingHashKey", shard.EndingHashKey.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WriteShard(Utf8JsonWriter w, KinesisShard shard)
    {
        w.WriteStartObject();
        w.WriteString("ShardId", shard.ShardId);
        if (shard.ParentShardId is { } parent)
        {
            w.WriteString("ParentShardId", parent);
        }
        if (shard.AdjacentParentShardId is { } adjacent)
        {
            w.WriteString("AdjacentParentShardId", adjacent);
        }
        WriteHashKeyRange(w, shard);
        w.WriteStartObject("SequenceNumberRange");
        w.WriteString("StartingSequenceNumber", shard.StartingSequenceNumber);
        if (shard.EndingSequenceNumber is { } ending)
        {
            w.WriteString("EndingSequenceNumber", ending);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter w, KinesisStream s)
    {
        w.WriteString("StreamName", s.Name);
        w.WriteString("StreamARN", s.Arn);
        w.WriteString("StreamStatus", "ACTIVE");
        w.WriteStartObject("StreamModeDetails");
        w.WriteString("StreamMode", s.Mode);
        w.WriteEndObject();
        w.WriteNumber("RetentionPeriodHours", s.RetentionHours);
        w.WriteNumber("StreamCreationTimestamp", s.Created.ToUnixTimeMilliseconds() / 1000.0);
        var settings = s.Settings;
        w.WriteStartArray("EnhancedMonitoring");
        w.WriteStartObject();
        w.WriteStartArray("ShardLevelMetrics");
        foreach (var metric in KinesisService.Ordered(settings.ShardLevelMetrics))
        {
            w.WriteStringValue(metric);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("EncryptionType", settings.EncryptionType);
        if (settings.KeyId is not null)
        {
            w.WriteString("KeyId", settings.KeyId);
        }
    }

    private static void DescribeStream(KinesisService kinesis, KinesisStream s, JsonInput input, Utf8JsonWriter w)
    {
        var limit = input.Int("Limit") ?? 100;
        if (limit is < 1 or > 10000)
        {
            throw KinesisErrors.Validation("limit", "Member must have value between 1 and 10000", limit.ToString(CultureInfo.InvariantCulture));
        }
        var after = input.String("ExclusiveStartShardId");
        var shards = kinesis.ListedShards(s).Where(sh => after is null || string.CompareOrdinal(sh.ShardId, after) > 0).ToList();
        w.WriteStartObject("StreamDescription");
        WriteCommon(w, s);
        w.WriteStartArray("Shards");
        foreach (var shard in shards.Take(limit))
        {
            WriteShard(w, shard);
        }
        w.WriteEndArray();
        w.WriteBoolean("HasMoreShards", shards.Count > limit);
        w.WriteEndObject();
    }

    private static void DescribeStreamSummary(KinesisStream s, Utf8JsonWriter w)
    {
        w.WriteStartObject("StreamDescriptionSummary");
        WriteCommon(w, s);
        w.WriteNumber("OpenShardCount", s.OpenShards.Count);
        w.WriteNumber("ConsumerCount", s.Settings.Consumers.Count);
        w.WriteEndObject();
    }

    private static void ListStreams(KinesisService kinesis, JsonInput input, Utf8JsonWriter w)
    {
        var limit = input.Int("Limit") ?? 100;
        if (limit is < 1 or > 10000)
        {
            throw KinesisErrors.Validation("limit", "Member must have value between 1 and 10000", limit.ToString(CultureInfo.InvariantCulture));
        }
        var after = input.String("ExclusiveStartStreamName") ?? DecodeToken(input.String("NextToken"));
        var streams = kinesis.ListStreams().Where(s => after is null || string.CompareOrdinal(s.Name, after) > 0).ToList();
        var page = streams.Take(limit).ToList();
        w.WriteStartArray("StreamNames");
        foreach (var s in page)
        {
            w.WriteStringValue(s.Name);
        }
        w.WriteEndArray();
        w.WriteBoolean("HasMoreStreams", streams.Count > limit);
        if (streams.Count > limit)
        {
            w.WriteString("NextToken", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(page[^1].Name)));
        }
        w.WriteStartArray("StreamSummaries");
        foreach (var s in page)
        {
            w.WriteStartObject();
            w.WriteString("StreamName", s.Name);
            w.WriteString("StreamARN", s.Arn);
            w.WriteString("StreamStatus", "ACTIVE");
            w.WriteStartObject("StreamModeDetails");
            w.WriteString("StreamMode", s.Mode);
            w.WriteEndObject();
            w.WriteNumber("StreamCreationTimestamp", s.Created.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string? DecodeToken(string? token)
    {
        if (token is null)
        {
            return null;
        }
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw KinesisErrors.InvalidArgument("Invalid NextToken.");
        }
    }

    /// <summary>ListShards; a NextToken carries the stream, the last shard listed and the ShardFilter, so every page is filtered alike.</summary>
    private static void ListShards(KinesisService kinesis, JsonInput input, Utf8JsonWriter w)
    {
        var token = input.String("NextToken");
        if (token is not null && (input.Has("StreamName") || input.Has("StreamARN")))
        {
            throw KinesisErrors.InvalidArgument("NextToken and StreamName cannot be provided together.");
        }
        string? after;
        KinesisStream stream;
        string? filterType, filterShardId;
        DateTimeOffset? filterTime;
        if (token is not null)
        {
            var decoded = DecodeToken(token)!.Split('|');
            if (decoded.Length != 5 || (decoded[4].Length > 0 && !long.TryParse(decoded[4], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw KinesisErrors.InvalidArgument("Invalid NextToken.");
            }
            stream = kinesis.Stream(decoded[0], null);
            after = decoded[1];
            filterType = decoded[2].Length > 0 ? decoded[2] : null;
            filterShardId = decoded[3].Length > 0 ? decoded[3] : null;
            filterTime = decoded[4].Length > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(decoded[4], CultureInfo.InvariantCulture)) : null;
        }
        else
        {
            stream = Stream(kinesis, input);
            after = input.String("ExclusiveStartShardId");
            var filter = input.Object("ShardFilter");
            (filterType, filterShardId, filterTime) = (filter?.String("Type"), filter?.String("ShardId"), filter?.Timestamp("Timestamp"));
        }
        var max = input.Int("MaxResults") ?? 1000;
        if (max is < 1 or > 10000)
        {
            throw KinesisErrors.Validation("maxResults", "Member must have value between 1 and 10000", max.ToString(CultureInfo.InvariantCulture));
        }
        var shards = kinesis.ListedShards(stream, filterType, filterShardId, filterTime)
            .Where(sh => after is null || string.CompareOrdinal(sh.ShardId, after) > 0).ToList();
        var page = shards.Take(max).ToList();
        w.WriteStartArray("Shards");
        foreach (var shard in page)
        {
            WriteShard(w, shard);
        }
        w.WriteEndArray();
        if (shards.Count > max)
        {
            var next = string.Join('|', stream.Name, page[^1].ShardId, filterType, filterShardId, filterTime?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            w.WriteString("NextToken", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(next)));
        }
    }
}
