namespace Sluice.LocalCloud.S3;

/// <summary>One received part of a multipart upload, its body in the blob store.</summary>
internal sealed record S3UploadedPart(int PartNumber, string BlobId, long Size, string ETag, byte[] Md5, DateTimeOffset LastModified, string? Checksum);
