namespace Sluice.LocalCloud.S3;

/// <summary>CopyObject's choices: keep or replace the metadata and the tags, and the checksum to compute.</summary>
internal sealed record S3CopyRequest
{
    /// <summary>The new metadata when <see cref="ReplaceMetadata"/>; otherwise the source's are copied.</summary>
    public S3ObjectHeaders? Headers { get; init; }

    public bool ReplaceMetadata { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool ReplaceTags { get; init; }

    public S3ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Whether the request changes the storage class or encryption (which makes a copy onto itself legal).</summary>
    public bool ChangesStorage { get; init; }
}
