using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// The JSON notification SNS delivers to a queue when raw delivery is off, with AWS's member order.
/// Message attributes appear in the order AWS's Java service emits them (a <c>java.util.HashMap</c>'s
/// iteration order), so byte-for-byte comparisons with recorded AWS output hold.
/// </summary>
internal static class SnsEnvelope
{
    public static string Build(string messageId, string topicArn, string? subject, string message, DateTimeOffset timestamp,
        string? sequenceNumber, string subscriptionArn, string endpoint, string region, IReadOnlyDictionary<string, SnsAttributeValue> attributes)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("Type", "Notification");
            w.WriteString("MessageId", messageId);
            if (sequenceNumber is not null)
            {
                w.WriteString("SequenceNumber", sequenceNumber);
            }
            w.WriteString("TopicArn", topicArn);
            if (subject is not null)
            {
                w.WriteString("Subject", subject);
            }
            w.WriteString("Message", message);
            w.WriteString("Timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            if (sequenceNumber is null)
            {
                // FIFO notifications are not signed; standard ones carry SignatureVersion 1 fields.
                w.WriteString("SignatureVersion", "1");
                w.WriteString("Signature", Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(messageId + message))));
                w.WriteString("SigningCertURL", $"https://sns.{region}.amazonaws.com/SimpleNotificationService-{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(region)))}.pem");
            }
            w.WriteString("UnsubscribeURL", $"{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscriptionArn}");
            if (attributes.Count > 0)
            {
                w.WriteStartObject("MessageAttributes");
                foreach (var name in JavaHashMapOrder(attributes.Keys.ToList()))
                {
                    var a = attributes[name];
                    w.WriteStartObject(name);
                    w.WriteString("Type", a.DataType);
                    w.WriteString("Value", a.IsBinary ? Convert.ToBase64String(a.BinaryValue ?? []) : a.StringValue);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Bucket order of a java.util.HashMap filled in the given order (ties keep insertion order).</summary>
    internal static IEnumerable<string> JavaHashMapOrder(IReadOnlyList<string> keys)
    {
        var capacity = 16;
        while (keys.Count > capacity * 3 / 4)
        {
            capacity *= 2;
        }
        return keys.Select((k, i) => (Key: k, Index: i, Bucket: Bucket(k, capacity)))
            .OrderBy(x => x.Bucket).ThenBy(x => x.Index).Select(x => x.Key);
    }

    private static int Bucket(string key, int capacity)
    {
        var h = 0;
        foreach (var c in key)
        {
            h = unchecked((31 * h) + c);
        }
        var spread = h ^ (int)((uint)h >> 16);
        return spread & (capacity - 1);
    }
}
