namespace Sluice.Asl.Resources;

/// <summary>One entry of a listObjectsV2 listing; ETag carries its quotes, as S3 returns it.</summary>
public sealed record ObjectSummary(string Key, long Size, string ETag, DateTimeOffset LastModified, string StorageClass = "STANDARD");
