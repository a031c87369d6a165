namespace Sluice.Shared.Aws.S3;

/// <summary>One object of a ListObjectsV2 page.</summary>
public sealed record S3ObjectSummary(string Key, long Size, DateTimeOffset? LastModified, string? ETag);
