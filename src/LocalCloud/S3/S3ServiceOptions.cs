namespace Sluice.LocalCloud.S3;

/// <summary>Settings of the S3 service.</summary>
internal sealed record S3ServiceOptions
{
    /// <summary>Where object bodies live; null uses a temporary directory that is deleted on dispose.</summary>
    public string? BlobDirectory { get; init; }

    public string AccountId { get; init; } = "000000000000";

    /// <summary>The region of a request that names none (unsigned).</summary>
    public string DefaultRegion { get; init; } = "us-east-1";

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
