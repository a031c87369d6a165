namespace Sluice.Shared.Aws.S3;

/// <summary>A ListObjectsV2 page: its objects in key order and the token of the next page (null at the end).</summary>
public sealed record ListObjectsPage(IReadOnlyList<S3ObjectSummary> Objects, string? NextContinuationToken);
