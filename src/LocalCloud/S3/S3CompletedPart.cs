namespace Sluice.LocalCloud.S3;

/// <summary>One entry of a CompleteMultipartUpload request: the part number, its ETag and, optionally, its checksum.</summary>
internal sealed record S3CompletedPart(int PartNumber, string ETag, string? Checksum = null);
