using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Firehose;

/// <summary>The AWS JSON 1.1 face of <see cref="FirehoseService"/> (<c>X-Amz-Target: Firehose_20150804.*</c>).</summary>
internal sealed class FirehoseHandler(Func<string, FirehoseService> firehoseFor) : IAwsServiceHandler
{
    /// <summary>The operations <c>Dispatch</c> serves; each request for one is held to the firehose model first.</summary>
    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream", "ListDeliveryStreams",
        "ListTagsForDeliveryStream", "PutRecord", "PutRecordBatch", "TagDeliveryStream", "UntagDeliveryStream",
        "UpdateDestination",
    };

    public string SigningName => "firehose";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["Firehose_20150804"];

    public string? QueryVersion => null;

    public string QueryNamespace => "";

    public string JsonContentType => "application/x-amz-json-1.1";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => false;

    public string? ModelName => "firehose";

    public bool Serves(string action) => Operations.Contains(action);

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        using var document = JsonInput.ParseDocument(request.Body);
        var input = new JsonInput(document.RootElement);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Dispatch(firehoseFor(request.Region), request.Action, input, w);
            w.WriteEndObject();
        }
        return ValueTask.FromResult(new AwsResponse(200, JsonContentType, buffer.ToArray()));
    }

    private static void Dispatch(FirehoseService firehose, string action, JsonInput input, Utf8JsonWriter w)
    {
        switch (action)
        {
            case "CreateDeliveryStream":
                w.WriteString("DeliveryStreamARN", firehose.CreateDeliveryStream(Definition(input)).Arn);
                break;
            case "DescribeDeliveryStream":
                w.WritePropertyName("DeliveryStreamDescription");
                FirehoseDescription.Write(w, firehose.Stream(input.String("DeliveryStreamName")));
                break;
            case "ListDeliveryStreams":
                ListDeliveryStreams(firehose, input, w);
                break;
            case "DeleteDeliveryStream":
                firehose.DeleteDeliveryStream(input.String("DeliveryStreamName"));
                break;
            case "PutRecord":
                PutRecord(firehose, input, w);
                break;
            case "PutRecordBatch":
                PutRecordBatch(firehose, input, w);
                break;
            case "UpdateDestination":
                UpdateDestination(firehose, input);
                break;
            case "TagDeliveryStream":
                firehose.TagDeliveryStream(input.String("DeliveryStreamName"), Tags(input, "Tags"));
                break;
            case "UntagDeliveryStream":
                firehose.UntagDeliveryStream(input.String("DeliveryStreamName"), input.StringList("TagKeys"));
                break;
            case "ListTagsForDeliveryStream":
                ListTags(firehose, input, w);
                break;
            default:
                throw new AwsServiceException("UnknownOperationException", $"Unknown operation {action}");
        }
    }

    private static FirehoseStreamDefinition Definition(JsonInput input)
    {
        var name = FirehoseService.CheckName(input.String("DeliveryStreamName"));
        var extended = input.Object("ExtendedS3DestinationConfiguration");
        var plain = input.Object("S3DestinationConfiguration");
        var others = new[]
        {
            "RedshiftDestinationConfiguration", "ElasticsearchDestinationConfiguration", "AmazonopensearchserviceDestinationConfiguration", "SplunkDestinationConfiguration",
            "HttpEndpointDestinationConfiguration", "AmazonOpenSearchServerlessDestinationConfiguration", "SnowflakeDestinationConfiguration", "IcebergDestinationConfiguration",
        }.Where(input.Has).ToList();
        if (others.Count > 0)
        {
            throw FirehoseErrors.InvalidArgument($"{others[0]} is not served by this local cloud: it delivers to S3 only (ExtendedS3DestinationConfiguration or S3DestinationConfiguration).");
        }
        if ((extended is null) == (plain is null))
        {
            throw FirehoseErrors.InvalidArgument("Exactly one destination configuration must be provided: ExtendedS3DestinationConfiguration or S3DestinationConfiguration.");
        }
        if (input.Has("DeliveryStreamEncryptionConfigurationInput"))
        {
            throw FirehoseErrors.InvalidArgument("DeliveryStreamEncryptionConfigurationInput (server-side encryption of the stream itself) is not served by this local cloud; objects are encrypted by the destination's EncryptionConfiguration.");
        }
        var kinesis = input.Object("KinesisStreamSourceConfiguration");
        return new FirehoseStreamDefinition(name, Destination((extended ?? plain)!.Value, extended is not null))
        {
            Type = input.String("DeliveryStreamType") ?? "DirectPut",
            KinesisStreamArn = kinesis is { } k ? k.String("KinesisStreamARN") ?? throw FirehoseErrors.Missing("kinesisStreamSourceConfiguration.kinesisStreamARN") : null,
            KinesisRoleArn = kinesis?.String("RoleARN"),
            Tags = Tags(input, "Tags") ?? [],
        };
    }

    /// <summary>An S3 destination from its JSON (the Configuration or the Update shape; the same members).</summary>
    public static FirehoseS3Destination Destination(JsonInput d, bool extended, FirehoseS3Destination? current = null)
    {
        var member = extended ? "extendedS3DestinationConfiguration" : "s3DestinationConfiguration";
        if (extended)
        {
            foreach (var unsupported in new[] { "DataFormatConversionConfiguration", "DynamicPartitioningConfiguration", "S3BackupConfiguration" })
            {
                if (d.Object(unsupported) is { } configured && (configured.Bool("Enabled") ?? true))
                {
                    throw FirehoseErrors.InvalidArgument($"{unsupported} is not served by this local cloud (it delivers records to S3 as they are).");
                }
            }
            if (d.String("S3BackupMode") is "Enabled")
            {
                throw FirehoseErrors.InvalidArgument("S3BackupMode Enabled is not served by this local cloud.");
            }
            if (d.String("CustomTimeZone") is { Length: > 0 } zone && zone != "UTC")
            {
                throw FirehoseErrors.InvalidArgument($"CustomTimeZone {zone} is not served by this local cloud: prefixes and names are evaluated in UTC.");
            }
        }
        var hints = d.Object("BufferingHints");
        var encryption = d.Object("EncryptionConfiguration");
        var kms = encryption?.Object("KMSEncryptionConfig");
        if (kms is not null && encryption is { } e && e.Has("NoEncryptionConfig"))
        {
            throw FirehoseErrors.InvalidArgument("EncryptionConfiguration may have NoEncryptionConfig or KMSEncryptionConfig, not both.");
        }
        var logging = d.Object("CloudWatchLoggingOptions");
        var processing = extended ? d.Object("ProcessingConfiguration") : null;
        var appendNewline = processing is { } p
            ? FirehoseS3Destination.AppendsNewline(p.Bool("Enabled") ?? false,
                [.. (p.Array("Processors") ?? []).Select(x => (x.String("Type") ?? throw FirehoseErrors.Missing(member + ".processingConfiguration.processors.member.type"), x.Array("Parameters")?.Count ?? 0))],
                FirehoseErrors.InvalidArgument)
            : current?.AppendNewline ?? false;
        return new FirehoseS3Destination
        {
            RoleArn = d.String("RoleARN") ?? current?.RoleArn ?? throw FirehoseErrors.Missing(member + ".roleARN"),
            BucketArn = d.String("BucketARN") ?? current?.BucketArn ?? throw FirehoseErrors.Missing(member + ".bucketARN"),
            Prefix = d.Has("Prefix") ? d.String("Prefix") : current?.Prefix,
            ErrorOutputPrefix = d.Has("ErrorOutputPrefix") ? d.String("ErrorOutputPrefix") : current?.ErrorOutputPrefix,
            SizeInMBs = hints?.Int("SizeInMBs") ?? current?.SizeInMBs ?? FirehoseS3Destination.DefaultSizeInMBs,
            IntervalInSeconds = hints?.Int("IntervalInSeconds") ?? current?.IntervalInSeconds ?? FirehoseS3Destination.DefaultIntervalInSeconds,
            CompressionFormat = d.String("CompressionFormat") ?? current?.CompressionFormat ?? "UNCOMPRESSED",
            KmsKeyArn = kms is { } k
                ? k.String("AWSKMSKeyARN") ?? throw FirehoseErrors.Missing(member + ".encryptionConfiguration.kMSEncryptionConfig.aWSKMSKeyARN")
                : encryption is not null ? null : current?.KmsKeyArn,
            FileExtension = d.Has("FileExtension") ? d.String("FileExtension") : current?.FileExtension,
            LoggingEnabled = logging?.Bool("Enabled") ?? current?.LoggingEnabled ?? false,
            LogGroupName = logging is { } l ? l.String("LogGroupName") : current?.LogGroupName,
            LogStreamName = logging is { } ls ? ls.String("LogStreamName") : current?.LogStreamName,
            AppendNewline = appendNewline,
            Extended = extended,
        };
    }

    private static List<KeyValuePair<string, string>>? Tags(JsonInput input, string name) =>
        input.Array(name)?.Select(t => new KeyValuePair<string, string>(t.String("Key") ?? throw FirehoseErrors.Missing("tags.member.key"), t.String("Value") ?? "")).ToList();

    private static void UpdateDestination(FirehoseService firehose, JsonInput input)
    {
        var stream = firehose.Stream(input.String("DeliveryStreamName"));
        var version = input.String("CurrentDeliveryStreamVersionId") ?? throw FirehoseErrors.Missing("currentDeliveryStreamVersionId");
        if (input.String("DestinationId") is not FirehoseDescription.DestinationId)
        {
            throw FirehoseErrors.InvalidArgument($"Destination Id {input.String("DestinationId")} not found");
        }
        if (version != stream.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new AwsServiceException("ConcurrentModificationException", $"Cannot update firehose: {stream.Name} since the current version id: {stream.Version} and specified version id: {version} do not match");
        }
        var extended = input.Object("ExtendedS3DestinationUpdate");
        var plain = input.Object("S3DestinationUpdate");
        if ((extended is null) == (plain is null))
        {
            throw FirehoseErrors.InvalidArgument("Exactly one destination update must be provided: ExtendedS3DestinationUpdate or S3DestinationUpdate.");
        }
        firehose.UpdateDestination(stream.Name, Destination((extended ?? plain)!.Value, extended is not null || stream.Definition.Destination.Extended, stream.Definition.Destination));
    }

    private static void ListDeliveryStreams(FirehoseService firehose, JsonInput input, Utf8JsonWriter w)
    {
        var (names, more) = firehose.ListDeliveryStreams(input.Int("Limit"), input.String("DeliveryStreamType"), input.String("ExclusiveStartDeliveryStreamName"));
        w.WriteStartArray("DeliveryStreamNames");
        foreach (var name in names)
        {
            w.WriteStringValue(name);
        }
        w.WriteEndArray();
        w.WriteBoolean("HasMoreDeliveryStreams", more);
    }

    private static void PutRecord(FirehoseService firehose, JsonInput input, Utf8JsonWriter w)
    {
        var record = input.Object("Record") ?? throw FirehoseErrors.Missing("record");
        var (id, encrypted) = firehose.PutRecord(input.String("DeliveryStreamName"), record.Blob("Data"));
        w.WriteString("RecordId", id);
        w.WriteBoolean("Encrypted", encrypted);
    }

    private static void PutRecordBatch(FirehoseService firehose, JsonInput input, Utf8JsonWriter w)
    {
        var records = input.Array("Records")?.Select(r => r.Blob("Data")).ToList();
        var (ids, encrypted) = firehose.PutRecordBatch(input.String("DeliveryStreamName"), records);
        w.WriteNumber("FailedPutCount", 0);
        w.WriteBoolean("Encrypted", encrypted);
        w.WriteStartArray("RequestResponses");
        foreach (var id in ids)
        {
            w.WriteStartObject();
            w.WriteString("RecordId", id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void ListTags(FirehoseService firehose, JsonInput input, Utf8JsonWriter w)
    {
        var (tags, more) = firehose.ListTags(input.String("DeliveryStreamName"), input.String("ExclusiveStartTagKey"), input.Int("Limit"));
        w.WriteStartArray("Tags");
        foreach (var (key, value) in tags)
        {
            w.WriteStartObject();
            w.WriteString("Key", key);
            w.WriteString("Value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("HasMoreTags", more);
    }
}
