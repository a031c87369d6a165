namespace Sluice.LocalCloud.S3;

/// <summary>What DeleteObject did: the version removed or the delete marker created.</summary>
internal sealed record S3DeleteOutcome(string? VersionId, bool DeleteMarker);
