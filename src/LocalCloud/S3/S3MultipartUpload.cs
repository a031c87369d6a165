namespace Sluice.LocalCloud.S3;

/// <summary>An upload in progress: what CreateMultipartUpload said, and the parts received so far.</summary>
internal sealed class S3MultipartUpload
{
    public required string UploadId { get; init; }

    public required string Key { get; init; }

    public DateTimeOffset Initiated { get; init; }

    public S3ObjectHeaders Headers { get; init; } = new();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public S3ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Whether the final checksum is over the whole object (FULL_OBJECT) rather than the parts (COMPOSITE).</summary>
    public bool FullObjectChecksum { get; init; }

    /// <summary>Set while CompleteMultipartUpload joins the parts; the upload takes no more parts.</summary>
    public bool Completing { get; set; }

    /// <summary>Parts by number; guarded by the bucket's lock.</summary>
    public SortedDictionary<int, S3UploadedPart> Parts { get; } = [];
}
