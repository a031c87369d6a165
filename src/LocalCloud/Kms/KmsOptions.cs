namespace Sluice.LocalCloud.Kms;

/// <summary>KMS's settings on the local cloud.</summary>
internal sealed record KmsOptions(string Region, string AccountId, TimeProvider Clock)
{
    /// <summary>The partition of the region, in every ARN the service makes.</summary>
    public string Partition => Hosting.AwsPartitions.Of(Region);
}
