using System.Globalization;
using System.Text.Json;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>
/// The events Lambda invokes a function with, written field by field in AWS's order (as recorded in
/// aws-recorded/lambda_/event_source_mapping), so a function sees byte-for-byte what AWS sends.
/// </summary>
internal static class EventPayloads
{
    private static readonly string[] s_sqsAttributeOrder =
        ["ApproximateReceiveCount", "SentTimestamp", "SequenceNumber", "MessageGroupId", "SenderId", "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp"];

    public static byte[] Kinesis(IReadOnlyList<KinesisRecord> records, string shardId, string streamArn, string region, string roleArn)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteStartObject("kinesis");
                w.WriteString("kinesisSchemaVersion", "1.0");
                w.WriteString("partitionKey", r.PartitionKey);
                w.WriteString("sequenceNumber", r.SequenceNumber);
                w.WriteBase64String("data", r.Data);
                w.WriteNumber("approximateArrivalTimestamp", r.ArrivalTime.ToUnixTimeMilliseconds() / 1000m);
                w.WriteEndObject();
                w.WriteString("eventSource", "aws:kinesis");
                w.WriteString("eventVersion", "1.0");
                w.WriteString("eventID", shardId + ":" + r.SequenceNumber);
                w.WriteString("eventName", "aws:kinesis:record");
                w.WriteString("invokeIdentityArn", roleArn);
                w.WriteString("awsRegion", region);
                w.WriteString("eventSourceARN", streamArn);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Sqs(IReadOnlyList<SqsReceivedMessage> messages, string queueArn, string region)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("messageId", m.MessageId);
                w.WriteString("receiptHandle", m.ReceiptHandle);
                w.WriteString("body", m.Body);
                w.WriteStartObject("attributes");
                foreach (var name in s_sqsAttributeOrder)
                {
                    if (m.Attributes.TryGetValue(name, out var value))
                    {
                        w.WriteString(name, value);
                    }
                }
                foreach (var (name, value) in m.Attributes)
                {
                    if (!s_sqsAttributeOrder.Contains(name, StringComparer.Ordinal))
                    {
                        w.WriteString(name, value);
                    }
                }
                w.WriteEndObject();
                w.WriteStartObject("messageAttributes");
                foreach (var (name, value) in m.MessageAttributes)
                {
                    w.WriteStartObject(name);
                    if (value.IsBinary)
                    {
                        w.WriteBase64String("binaryValue", value.BinaryValue ?? []);
                    }
                    else
                    {
                        w.WriteString("stringValue", value.StringValue);
                    }
                    w.WriteStartArray("stringListValues");
                    w.WriteEndArray();
                    w.WriteStartArray("binaryListValues");
                    w.WriteEndArray();
                    w.WriteString("dataType", value.DataType);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                if (m.Md5OfMessageAttributes is { } md5)
                {
                    w.WriteString("md5OfMessageAttributes", md5);
                }
                else
                {
                    w.WriteNull("md5OfMessageAttributes");
                }
                w.WriteString("md5OfBody", m.Md5OfBody);
                w.WriteString("eventSource", "aws:sqs");
                w.WriteString("eventSourceARN", queueArn);
                w.WriteString("awsRegion", region);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The record an on-failure destination receives for a Kinesis batch Lambda gave up on.</summary>
    public static string KinesisFailure(KinesisFailure failure)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("requestContext");
            w.WriteString("requestId", failure.RequestId);
            w.WriteString("functionArn", failure.FunctionArn);
            w.WriteString("condition", failure.Condition);
            w.WriteNumber("approximateInvokeCount", failure.InvokeCount);
            w.WriteEndObject();
            if (failure.Condition != "RecordAgeExceeded")
            {
                w.WriteStartObject("responseContext");
                w.WriteNumber("statusCode", 200);
                w.WriteString("executedVersion", "$LATEST");
                if (failure.FunctionError is { } error)
                {
                    w.WriteString("functionError", error);
                }
                else
                {
                    w.WriteNull("functionError");
                }
                w.WriteEndObject();
            }
            w.WriteString("version", "1.0");
            w.WriteString("timestamp", Timestamp(failure.Timestamp));
            w.WriteStartObject("KinesisBatchInfo");
            w.WriteString("shardId", failure.ShardId);
            w.WriteString("startSequenceNumber", failure.Records[0].SequenceNumber);
            w.WriteString("endSequenceNumber", failure.Records[^1].SequenceNumber);
            w.WriteString("approximateArrivalOfFirstRecord", Timestamp(failure.Records[0].ArrivalTime));
            w.WriteString("approximateArrivalOfLastRecord", Timestamp(failure.Records[^1].ArrivalTime));
            w.WriteNumber("batchSize", failure.Records.Count);
            w.WriteString("streamArn", failure.StreamArn);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Why and what Lambda gave up on: <c>RetryAttemptsExhausted</c> or <c>RecordAgeExceeded</c>, with the last response's function error.</summary>
internal sealed record KinesisFailure(
    string RequestId,
    string FunctionArn,
    string Condition,
    int InvokeCount,
    string? FunctionError,
    DateTimeOffset Timestamp,
    string ShardId,
    IReadOnlyList<KinesisRecord> Records,
    string StreamArn);
