namespace Sluice.LocalCloud.S3;

/// <summary>The HTTP headers S3 stores with an object and returns on GET and HEAD.</summary>
internal sealed record S3ObjectHeaders
{
    /// <summary>What S3 answers when the upload named no content type.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public string ContentType { get; init; } = DefaultContentType;

    public string? ContentEncoding { get; init; }

    public string? ContentDisposition { get; init; }

    public string? ContentLanguage { get; init; }

    public string? CacheControl { get; init; }

    /// <summary>The <c>Expires</c> header as the client sent it (S3 keeps the text).</summary>
    public string? Expires { get; init; }

    public string? WebsiteRedirectLocation { get; init; }

    /// <summary>User metadata (<c>x-amz-meta-*</c>), names in lower case as S3 keeps them.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string StorageClass { get; init; } = "STANDARD";

    /// <summary><c>AES256</c> (the default every bucket applies) or <c>aws:kms</c>.</summary>
    public string ServerSideEncryption { get; init; } = "AES256";

    public string? SseKmsKeyId { get; init; }

    public bool BucketKeyEnabled { get; init; }
}
