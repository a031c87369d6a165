namespace Sluice.LocalCloud.S3;

/// <summary>A body written to a pending blob and checked: its size, MD5 and flexible checksum.</summary>
internal sealed record S3WrittenBody(S3BlobStore.PendingBlob Blob, long Size, byte[] Md5, S3ChecksumAlgorithm Algorithm, byte[] Checksum, bool ChecksumDeclared)
{
    public string ETag => "\"" + Convert.ToHexStringLower(Md5) + "\"";

    public string ChecksumBase64 => Convert.ToBase64String(Checksum);
}
