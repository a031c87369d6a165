namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// An S3 destination as CreateDeliveryStream takes it (<c>ExtendedS3DestinationConfiguration</c> or the
/// older <c>S3DestinationConfiguration</c>), with AWS's defaults filled in.
/// </summary>
internal sealed record FirehoseS3Destination
{
    public const int DefaultSizeInMBs = 5;

    public const int DefaultIntervalInSeconds = 300;

    public required string RoleArn { get; init; }

    public required string BucketArn { get; init; }

    public string? Prefix { get; init; }

    public string? ErrorOutputPrefix { get; init; }

    public int SizeInMBs { get; init; } = DefaultSizeInMBs;

    public int IntervalInSeconds { get; init; } = DefaultIntervalInSeconds;

    /// <summary>UNCOMPRESSED or GZIP (the formats this local cloud writes).</summary>
    public string CompressionFormat { get; init; } = "UNCOMPRESSED";

    /// <summary>The KMS key objects are encrypted with (<c>KMSEncryptionConfig</c>); null is <c>NoEncryption</c>.</summary>
    public string? KmsKeyArn { get; init; }

    /// <summary>Replaces the file extension the compression implies (Extended only).</summary>
    public string? FileExtension { get; init; }

    public bool LoggingEnabled { get; init; }

    public string? LogGroupName { get; init; }

    public string? LogStreamName { get; init; }

    /// <summary>
    /// A newline after every record (the <c>AppendDelimiterToRecord</c> processor, Extended only): records
    /// are otherwise concatenated as they are, and one that is not JSON hides where the next begins.
    /// </summary>
    public bool AppendNewline { get; init; }

    /// <summary>
    /// Whether a ProcessingConfiguration appends a newline to records: its processors (type and count of
    /// parameters), when it is enabled. The only processor served is AppendDelimiterToRecord with no
    /// parameters (AWS's default delimiter, a newline); anything else is refused through <paramref name="refuse"/>.
    /// </summary>
    public static bool AppendsNewline(bool enabled, IReadOnlyList<(string Type, int Parameters)> processors, Func<string, Exception> refuse)
    {
        if (!enabled)
        {
            return false;
        }
        foreach (var (type, parameters) in processors)
        {
            if (type != "AppendDelimiterToRecord")
            {
                throw refuse($"processor {type} is not served by this local cloud (AppendDelimiterToRecord is)");
            }
            if (parameters > 0)
            {
                throw refuse("AppendDelimiterToRecord's parameters are not served by this local cloud: without any it appends a newline, as AWS does");
            }
        }
        return processors.Count > 0;
    }

    /// <summary>Given as <c>ExtendedS3DestinationConfiguration</c> (which is also how AWS describes it).</summary>
    public bool Extended { get; init; } = true;

    /// <summary>The bucket's name: the ARN after <c>arn:aws:s3:::</c>.</summary>
    public string BucketName => BucketArn[(BucketArn.LastIndexOf(':') + 1)..];

    /// <summary>The extension of object names: the configured one, else <c>.gz</c> for GZIP, else none.</summary>
    public string Extension => !string.IsNullOrEmpty(FileExtension) ? FileExtension : CompressionFormat == "GZIP" ? ".gz" : "";
}
