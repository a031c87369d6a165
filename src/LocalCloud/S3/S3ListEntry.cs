namespace Sluice.LocalCloud.S3;

/// <summary>One element of a listing page: an object (or version) or a common prefix.</summary>
internal sealed record S3ListEntry(S3ObjectVersion? Object, string? CommonPrefix, bool IsLatest = true);
