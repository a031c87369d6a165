namespace Sluice.LocalCloud.S3;

/// <summary>
/// What a request declared about its body, checked once the body has been read: its length, its
/// Content-MD5, its <c>x-amz-content-sha256</c>, and a flexible checksum given in a header or a trailer.
/// </summary>
internal sealed record S3BodyChecks
{
    public static readonly S3BodyChecks None = new();

    /// <summary>The decoded length the client announced (Content-Length or x-amz-decoded-content-length).</summary>
    public long? Length { get; init; }

    /// <summary>The 16 bytes of a Content-MD5 header.</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>A hex SHA-256 of the payload (x-amz-content-sha256 when it is not a streaming mode).</summary>
    public string? Sha256Hex { get; init; }

    /// <summary>The flexible checksum algorithm to compute and store; null computes S3's default, CRC64NVME.</summary>
    public S3ChecksumAlgorithm? Algorithm { get; init; }

    /// <summary>The base64 checksum the client sent in a header, if any.</summary>
    public string? Checksum { get; init; }

    /// <summary>The trailer checksum, read after the body (aws-chunked uploads with x-amz-trailer).</summary>
    public Func<string?>? TrailingChecksum { get; init; }
}
