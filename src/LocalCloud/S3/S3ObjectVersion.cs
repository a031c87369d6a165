namespace Sluice.LocalCloud.S3;

/// <summary>
/// One version of an object (or a delete marker): plain data, so that persistence can store it. The body
/// lives in the blob store under <see cref="BlobId"/>; a record is never changed in place (tagging
/// replaces it with a copy).
/// </summary>
internal sealed record S3ObjectVersion
{
    /// <summary>The version id of objects written while versioning was never enabled or is suspended.</summary>
    public const string NullVersion = "null";

    public required string Key { get; init; }

    public required string VersionId { get; init; }

    public bool IsDeleteMarker { get; init; }

    public DateTimeOffset LastModified { get; init; }

    public long Size { get; init; }

    /// <summary>With its quotes, as S3 sends it: <c>"md5hex"</c> or <c>"md5-of-md5s-N"</c>.</summary>
    public string ETag { get; init; } = "";

    /// <summary>File name in the blob store; null for a delete marker.</summary>
    public string? BlobId { get; init; }

    public S3ObjectHeaders Headers { get; init; } = new();

    public S3Checksum? Checksum { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The parts of a multipart object, in order; null for a single upload.</summary>
    public IReadOnlyList<S3ObjectPart>? Parts { get; init; }
}
