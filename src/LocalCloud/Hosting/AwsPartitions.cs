namespace Sluice.LocalCloud.Hosting;

/// <summary>The AWS partition a region belongs to: the second field of every ARN made in it.</summary>
public static class AwsPartitions
{
    /// <summary><c>aws-cn</c> for China, <c>aws-us-gov</c> for GovCloud, the ISO partitions by their prefixes, else <c>aws</c>.</summary>
    public static string Of(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
        _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => "aws-iso-f",
        _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => "aws-iso-e",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
        _ => "aws",
    };
}
