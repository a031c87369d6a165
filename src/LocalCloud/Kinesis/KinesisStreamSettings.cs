using System.Collections.Immutable;
using System.Text.Json;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>
/// What a stream carries besides its shards and records: tags, server-side encryption, enhanced
/// monitoring, a resource policy and the registered (enhanced fan-out) consumers. Immutable: a change
/// builds the next value, which is written to the data directory before it replaces this one.
/// </summary>
internal sealed record KinesisStreamSettings(
    ImmutableSortedDictionary<string, string> Tags,
    string EncryptionType,
    string? KeyId,
    ImmutableSortedSet<string> ShardLevelMetrics,
    string? Policy,
    ImmutableList<KinesisConsumer> Consumers)
{
    public static readonly KinesisStreamSettings Empty = new(
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), "NONE", null,
        ImmutableSortedSet.Create<string>(StringComparer.Ordinal), null, []);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteTags(w, Tags);
            w.WriteString("encryptionType", EncryptionType);
            if (KeyId is not null)
            {
                w.WriteString("keyId", KeyId);
            }
            w.WriteStartArray("metrics");
            foreach (var metric in ShardLevelMetrics)
            {
                w.WriteStringValue(metric);
            }
            w.WriteEndArray();
            if (Policy is not null)
            {
                w.WriteString("policy", Policy);
            }
            w.WriteStartArray("consumers");
            foreach (var consumer in Consumers)
            {
                w.WriteStartObject();
                w.WriteString("name", consumer.Name);
                w.WriteString("arn", consumer.Arn);
                w.WriteNumber("createdMs", consumer.Created.ToUnixTimeMilliseconds());
                WriteTags(w, consumer.Tags);
                if (consumer.Policy is not null)
                {
                    w.WriteString("policy", consumer.Policy);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static KinesisStreamSettings FromJson(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new KinesisStreamSettings(
            ReadTags(root),
            root.GetProperty("encryptionType").GetString()!,
            root.TryGetProperty("keyId", out var key) ? key.GetString() : null,
            root.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()!).ToImmutableSortedSet(StringComparer.Ordinal),
            root.TryGetProperty("policy", out var policy) ? policy.GetString() : null,
            [.. root.GetProperty("consumers").EnumerateArray().Select(c => new KinesisConsumer(
                c.GetProperty("name").GetString()!,
                c.GetProperty("arn").GetString()!,
                DateTimeOffset.FromUnixTimeMilliseconds(c.GetProperty("createdMs").GetInt64()),
                ReadTags(c),
                c.TryGetProperty("policy", out var p) ? p.GetString() : null))]);
    }

    private static void WriteTags(Utf8JsonWriter w, ImmutableSortedDictionary<string, string> tags)
    {
        w.WriteStartObject("tags");
        foreach (var (k, v) in tags)
        {
            w.WriteString(k, v);
        }
        w.WriteEndObject();
    }

    private static ImmutableSortedDictionary<string, string> ReadTags(JsonElement owner) =>
        owner.GetProperty("tags").EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
}

/// <summary>A registered stream consumer (enhanced fan-out): its ARN carries its creation time, as AWS's does.</summary>
internal sealed record KinesisConsumer(string Name, string Arn, DateTimeOffset Created, ImmutableSortedDictionary<string, string> Tags, string? Policy);
