namespace Sluice.LocalCloud.Firehose;

/// <summary>Amazon Data Firehose's settings on the local cloud.</summary>
internal sealed record FirehoseOptions(string Region, string AccountId, TimeProvider Clock)
{
    /// <summary>The partition of the region, in every ARN the service makes.</summary>
    public string Partition => Hosting.AwsPartitions.Of(Region);

    /// <summary>
    /// How often (wall time) the delivery loop reads Kinesis sources and writes due buffers; null runs no
    /// loop, and the owner calls <see cref="FirehoseService.PumpAsync"/> itself (tests with a fake clock).
    /// </summary>
    public TimeSpan? PumpInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Objects a stream may hold undelivered (its bucket missing or refusing) before it stops reading its Kinesis source.</summary>
    public int MaxPendingObjects { get; init; } = 16;

    /// <summary>The longest wait between two attempts to write an undelivered object.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(60);
}
