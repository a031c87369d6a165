using System.Text;
using Sluice.Shared.Envelope;
using Sluice.Shared.Events;

namespace Sluice.Ingest;

/// <summary>
/// The <c>sluice.ingest.rejected</c> event that replaces an invalid record: the raw record (base64),
/// where it was on the stream and why it was rejected. Its id is the record's own Kinesis event id,
/// so a redelivered record yields the same rejected event.
/// </summary>
internal static class RejectedEvent
{
    /// <summary>
    /// Raw bytes kept in the event. A larger record (Kinesis allows 1 MiB) is cut here so the event
    /// still fits in an SNS message; the whole record stays on the stream at its sequence number.
    /// </summary>
    public const int MaxRawBytes = 150 * 1024;

    public const string Source = "sluice/ingest";

    private const int MaxRawBase64Chars = MaxRawBytes / 3 * 4;

    public static string Create(KinesisEventRecord record, byte[]? raw, string reason, DateTimeOffset now)
    {
        var kinesis = record.Kinesis;
        // Undecodable data is kept as delivered, cut to the same budget.
        var truncated = raw is not null ? raw.Length > MaxRawBytes : kinesis.Data.Length > MaxRawBase64Chars;
        var rawData = !truncated ? kinesis.Data
            : raw is not null ? Convert.ToBase64String(raw, 0, MaxRawBytes)
            : kinesis.Data[..MaxRawBase64Chars];
        int? rawSize = raw?.Length;
        var state = (record, kinesis, reason, rawData, rawSize, truncated);
        var json = CloudEventWriter.Write(
            record.EventId,
            Source,
            EventTypes.IngestRejected,
            string.IsNullOrEmpty(kinesis.PartitionKey) ? null : kinesis.PartitionKey,
            now,
            state,
            static (writer, s) =>
            {
                writer.WriteString("reason", s.reason);
                writer.WriteString("sequenceNumber", s.kinesis.SequenceNumber);
                writer.WriteString("partitionKey", s.kinesis.PartitionKey);
                writer.WriteString("shardId", ShardId(s.record.EventId));
                writer.WriteString("eventSourceArn", s.record.EventSourceArn);
                writer.WriteNumber("approximateArrivalTimestamp", s.kinesis.ApproximateArrivalTimestamp);
                writer.WriteString("rawData", s.rawData);
                if (s.rawSize is { } size)
                {
                    writer.WriteNumber("rawSize", size);
                }

                writer.WriteBoolean("rawTruncated", s.truncated);
            });
        return Encoding.UTF8.GetString(json);
    }

    /// <summary>Kinesis event ids are <c>shardId-000000000000:sequenceNumber</c>.</summary>
    public static string ShardId(string eventId)
    {
        var colon = eventId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? eventId[..colon] : eventId;
    }
}
