using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>Tags, encryption, enhanced monitoring, consumers, resource policies, capacity mode and limits.</summary>
internal sealed partial class KinesisHandler
{
    /// <summary>Operations of the Kinesis model this host does not serve, and why (the unknown-operation answer names them).</summary>
    internal static IReadOnlyDictionary<string, string> Unserved { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SubscribeToShard"] = "enhanced fan-out's HTTP/2 event stream is not served; a registered consumer reads with GetRecords",
        ["UpdateMaxRecordSize"] = "records are held to AWS's default 1 MiB",
        ["UpdateStreamWarmThroughput"] = "on-demand warm throughput is not emulated",
        ["DescribeAccountSettings"] = "account-level settings (minimum throughput billing commitment) are not emulated",
        ["UpdateAccountSettings"] = "account-level settings (minimum throughput billing commitment) are not emulated",
    };

    private static bool DispatchSettings(KinesisService kinesis, string action, JsonInput input, Utf8JsonWriter w)
    {
        switch (action)
        {
            case "AddTagsToStream":
                kinesis.AddTags(Stream(kinesis, input), input.StringMap("Tags") ?? throw KinesisErrors.Validation("tags", "Member must not be null"));
                return true;
            case "RemoveTagsFromStream":
                kinesis.RemoveTags(Stream(kinesis, input), input.StringList("TagKeys") ?? throw KinesisErrors.Validation("tagKeys", "Member must not be null"));
                return true;
            case "ListTagsForStream":
                {
                    var (tags, more) = kinesis.ListTags(Stream(kinesis, input), input.String("ExclusiveStartTagKey"), input.Int("Limit") ?? 50);
                    WriteTagList(w, tags);
                    w.WriteBoolean("HasMoreTags", more);
                    return true;
                }
            case "TagResource":
                kinesis.TagResource(Required(input, "ResourceARN"), input.StringMap("Tags") ?? throw KinesisErrors.Validation("tags", "Member must not be null"));
                return true;
            case "UntagResource":
                kinesis.UntagResource(Required(input, "ResourceARN"), input.StringList("TagKeys") ?? throw KinesisErrors.Validation("tagKeys", "Member must not be null"));
                return true;
            case "ListTagsForResource":
                WriteTagList(w, [.. kinesis.ListTagsForResource(Required(input, "ResourceARN"))]);
                return true;
            case "StartStreamEncryption":
                kinesis.StartEncryption(Stream(kinesis, input), Required(input, "EncryptionType"), Required(input, "KeyId"));
                return true;
            case "StopStreamEncryption":
                kinesis.StopEncryption(Stream(kinesis, input), Required(input, "EncryptionType"), Required(input, "KeyId"));
                return true;
            case "EnableEnhancedMonitoring" or "DisableEnhancedMonitoring":
                {
                    var stream = Stream(kinesis, input);
                    var (current, desired) = kinesis.SetMonitoring(stream, input.StringList("ShardLevelMetrics") ?? throw KinesisErrors.Validation("shardLevelMetrics", "Member must not be null"),
                        action.StartsWith("Enable", StringComparison.Ordinal));
                    w.WriteString("StreamName", stream.Name);
                    w.WriteString("StreamARN", stream.Arn);
                    WriteStrings(w, "CurrentShardLevelMetrics", current);
                    WriteStrings(w, "DesiredShardLevelMetrics", desired);
                    return true;
                }
            case "RegisterStreamConsumer":
                {
                    var consumer = kinesis.RegisterConsumer(kinesis.Stream(null, Required(input, "StreamARN")), Required(input, "ConsumerName"), input.StringMap("Tags"));
                    w.WriteStartObject("Consumer");
                    // AWS answers CREATING and the consumer turns ACTIVE shortly after; here it is ACTIVE at once.
                    WriteConsumer(w, consumer, "CREATING");
                    w.WriteEndObject();
                    return true;
                }
            case "DescribeStreamConsumer":
                {
                    var (stream, consumer) = kinesis.Consumer(input.String("StreamARN"), input.String("ConsumerName"), input.String("ConsumerARN"));
                    w.WriteStartObject("ConsumerDescription");
                    WriteConsumer(w, consumer, "ACTIVE");
                    w.WriteString("StreamARN", stream.Arn);
                    w.WriteEndObject();
                    return true;
                }
            case "ListStreamConsumers":
                ListConsumers(kinesis, input, w);
                return true;
            case "DeregisterStreamConsumer":
                kinesis.DeregisterConsumer(input.String("StreamARN"), input.String("ConsumerName"), input.String("ConsumerARN"));
                return true;
            case "PutResourcePolicy":
                kinesis.PutPolicy(Required(input, "ResourceARN"), Required(input, "Policy"));
                return true;
            case "GetResourcePolicy":
                w.WriteString("Policy", kinesis.GetPolicy(Required(input, "ResourceARN")));
                return true;
            case "DeleteResourcePolicy":
                kinesis.DeletePolicy(Required(input, "ResourceARN"));
                return true;
            case "UpdateStreamMode":
                kinesis.UpdateStreamMode(kinesis.Stream(null, Required(input, "StreamARN")),
                    input.Object("StreamModeDetails")?.String("StreamMode") ?? throw KinesisErrors.Validation("streamModeDetails.streamMode", "Member must not be null"));
                return true;
            case "DescribeLimits":
                {
                    var (shardLimit, open, onDemand, onDemandLimit) = kinesis.Limits();
                    w.WriteNumber("ShardLimit", shardLimit);
                    w.WriteNumber("OpenShardCount", open);
                    w.WriteNumber("OnDemandStreamCount", onDemand);
                    w.WriteNumber("OnDemandStreamCountLimit", onDemandLimit);
                    return true;
                }
            default:
                return false;
        }
    }

    private static void ListConsumers(KinesisService kinesis, JsonInput input, Utf8JsonWriter w)
    {
        var stream = kinesis.Stream(null, Required(input, "StreamARN"));
        var max = input.Int("MaxResults") ?? 100;
        var token = input.String("NextToken");
        var start = 0;
        if (token is not null && (!int.TryParse(DecodeToken(token), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out start) || start < 0))
        {
            throw KinesisErrors.InvalidArgument("Invalid NextToken.");
        }
        var consumers = stream.Settings.Consumers.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        w.WriteStartArray("Consumers");
        foreach (var consumer in consumers.Skip(start).Take(max))
        {
            w.WriteStartObject();
            WriteConsumer(w, consumer, "ACTIVE");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (start + max < consumers.Count)
        {
            w.WriteString("NextToken", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((start + max).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    private static void WriteConsumer(Utf8JsonWriter w, KinesisConsumer consumer, string status)
    {
        w.WriteString("ConsumerName", consumer.Name);
        w.WriteString("ConsumerARN", consumer.Arn);
        w.WriteString("ConsumerStatus", status);
        w.WriteNumber("ConsumerCreationTimestamp", consumer.Created.ToUnixTimeMilliseconds() / 1000.0);
    }

    private static void WriteTagList(Utf8JsonWriter w, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        w.WriteStartArray("Tags");
        foreach (var (key, value) in tags)
        {
            w.WriteStartObject();
            w.WriteString("Key", key);
            w.WriteString("Value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }
}
