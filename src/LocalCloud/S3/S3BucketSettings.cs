namespace Sluice.LocalCloud.S3;

/// <summary>
/// A bucket's configuration, as plain data persistence can store. Configuration documents are kept as
/// the XML S3 answers with (validated on the way in), the policy as its JSON text.
/// </summary>
internal sealed record S3BucketSettings
{
    /// <summary>null (never enabled), <c>Enabled</c> or <c>Suspended</c>.</summary>
    public string? Versioning { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>ServerSideEncryptionConfiguration; null means S3's default (SSE-S3, AES256).</summary>
    public string? EncryptionXml { get; init; }

    public string? LifecycleXml { get; init; }

    public string? CorsXml { get; init; }

    public string? Policy { get; init; }

    /// <summary>PublicAccessBlockConfiguration; new buckets block all public access, as on AWS.</summary>
    public string? PublicAccessBlockXml { get; init; } = S3Xml.DefaultPublicAccessBlock;

    /// <summary>OwnershipControls; new buckets are <c>BucketOwnerEnforced</c>, as on AWS.</summary>
    public string? OwnershipControlsXml { get; init; } = S3Xml.DefaultOwnershipControls;
}
