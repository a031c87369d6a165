namespace Sluice.LocalCloud.Logs;

/// <summary>CloudWatch Logs' settings on the local cloud.</summary>
internal sealed record LogsOptions(string Region, string AccountId, TimeProvider Clock)
{
    /// <summary>The partition of the region, in every ARN the service makes.</summary>
    public string Partition => Hosting.AwsPartitions.Of(Region);

    /// <summary>
    /// Events one log group keeps; beyond it the oldest go, so a chatty function cannot fill the host's
    /// memory (AWS keeps everything until the retention period ends).
    /// </summary>
    public int EventsPerGroup { get; init; } = 100_000;
}
