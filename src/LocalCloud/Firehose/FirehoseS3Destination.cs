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

    /// <summary>Given as <c>ExtendedS3DestinationConfiguration</c> (which is also how AWS describes it).</summary>
    public bool Extended { get; init; } = true;

    /// <summary>The bucket's name: the ARN after <c>arn:aws:s3:::</c>.</summary>
    public string BucketName => BucketArn[(BucketArn.LastIndexOf(':') + 1)..];

    /// <summary>The extension of object names: the configured one, else <c>.gz</c> for GZIP, else none.</summary>
    public string Extension => !string.IsNullOrEmpty(FileExtension) ? FileExtension : CompressionFormat == "GZIP" ? ".gz" : "";
}
