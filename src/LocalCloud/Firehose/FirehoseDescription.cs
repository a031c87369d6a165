using System.Globalization;
using System.Text.Json;

namespace Sluice.LocalCloud.Firehose;

/// <summary>DescribeDeliveryStream's <c>DeliveryStreamDescription</c>, with the destination described as AWS does (the S3 and Extended S3 forms both).</summary>
internal static class FirehoseDescription
{
    /// <summary>A stream's only destination, as AWS numbers it.</summary>
    public const string DestinationId = "destinationId-000000000001";

    public static void Write(Utf8JsonWriter w, FirehoseDeliveryStream stream)
    {
        FirehoseStreamDefinition definition;
        string status;
        int version;
        DateTimeOffset? updated;
        lock (stream.Gate)
        {
            definition = stream.Definition;
            status = stream.Status;
            version = stream.Version;
            updated = stream.LastUpdated;
        }
        w.WriteStartObject();
        w.WriteString("DeliveryStreamName", stream.Name);
        w.WriteString("DeliveryStreamARN", stream.Arn);
        w.WriteString("DeliveryStreamStatus", status);
        w.WriteStartObject("DeliveryStreamEncryptionConfiguration");
        w.WriteString("Status", "DISABLED");
        w.WriteEndObject();
        w.WriteString("DeliveryStreamType", definition.Type);
        w.WriteString("VersionId", version.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("CreateTimestamp", stream.Created.ToUnixTimeMilliseconds() / 1000.0);
        if (updated is { } last)
        {
            w.WriteNumber("LastUpdateTimestamp", last.ToUnixTimeMilliseconds() / 1000.0);
        }
        if (definition.KinesisStreamArn is { } source)
        {
            w.WriteStartObject("Source");
            w.WriteStartObject("KinesisStreamSourceDescription");
            w.WriteString("KinesisStreamARN", source);
            w.WriteString("RoleARN", definition.KinesisRoleArn);
            w.WriteNumber("DeliveryStartTimestamp", stream.Created.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartArray("Destinations");
        w.WriteStartObject();
        w.WriteString("DestinationId", DestinationId);
        var d = definition.Destination;
        w.WritePropertyName("S3DestinationDescription");
        WriteS3(w, d, extended: false);
        w.WritePropertyName("ExtendedS3DestinationDescription");
        WriteS3(w, d, extended: true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("HasMoreDestinations", false);
        w.WriteEndObject();
    }

    private static void WriteS3(Utf8JsonWriter w, FirehoseS3Destination d, bool extended)
    {
        w.WriteStartObject();
        w.WriteString("RoleARN", d.RoleArn);
        w.WriteString("BucketARN", d.BucketArn);
        if (d.Prefix is { } prefix)
        {
            w.WriteString("Prefix", prefix);
        }
        if (d.ErrorOutputPrefix is { } errorPrefix)
        {
            w.WriteString("ErrorOutputPrefix", errorPrefix);
        }
        w.WriteStartObject("BufferingHints");
        w.WriteNumber("SizeInMBs", d.SizeInMBs);
        w.WriteNumber("IntervalInSeconds", d.IntervalInSeconds);
        w.WriteEndObject();
        w.WriteString("CompressionFormat", d.CompressionFormat);
        w.WriteStartObject("EncryptionConfiguration");
        if (d.KmsKeyArn is { } key)
        {
            w.WriteStartObject("KMSEncryptionConfig");
            w.WriteString("AWSKMSKeyARN", key);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("NoEncryptionConfig", "NoEncryption");
        }
        w.WriteEndObject();
        w.WriteStartObject("CloudWatchLoggingOptions");
        w.WriteBoolean("Enabled", d.LoggingEnabled);
        if (d.LogGroupName is { } group)
        {
            w.WriteString("LogGroupName", group);
        }
        if (d.LogStreamName is { } logStream)
        {
            w.WriteString("LogStreamName", logStream);
        }
        w.WriteEndObject();
        if (extended)
        {
            w.WriteStartObject("ProcessingConfiguration");
            w.WriteBoolean("Enabled", d.AppendNewline);
            w.WriteStartArray("Processors");
            if (d.AppendNewline)
            {
                w.WriteStartObject();
                w.WriteString("Type", "AppendDelimiterToRecord");
                w.WriteStartArray("Parameters");
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("S3BackupMode", "Disabled");
            if (!string.IsNullOrEmpty(d.FileExtension))
            {
                w.WriteString("FileExtension", d.FileExtension);
            }
        }
        w.WriteEndObject();
    }
}
