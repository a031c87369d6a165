namespace Sluice.LocalCloud.S3;

/// <summary>One part of a completed multipart object (for GetObject/HeadObject with <c>partNumber</c>).</summary>
internal sealed record S3ObjectPart(int PartNumber, long Size, string ETag, string? Checksum);
