namespace Sluice.LocalCloud.S3;

/// <summary>A page of a listing, in S3's order, and whether more follow.</summary>
internal sealed record S3ListPage(IReadOnlyList<S3ListEntry> Entries, bool IsTruncated);
