namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// The Availability Zones Fn::GetAZs lists for each region: the zones an account with a default VPC
/// sees, as letters after the region name (us-east-1 lists us-east-1a to us-east-1f).
/// </summary>
internal static class AvailabilityZones
{
    private static readonly Dictionary<string, string> s_letters = new(StringComparer.Ordinal)
    {
        ["af-south-1"] = "abc",
        ["ap-east-1"] = "abc",
        ["ap-east-2"] = "abc",
        ["ap-northeast-1"] = "abcd",
        ["ap-northeast-2"] = "abcd",
        ["ap-northeast-3"] = "abc",
        ["ap-south-1"] = "abc",
        ["ap-south-2"] = "abc",
        ["ap-southeast-1"] = "abc",
        ["ap-southeast-2"] = "abc",
        ["ap-southeast-3"] = "abc",
        ["ap-southeast-4"] = "abc",
        ["ap-southeast-5"] = "abc",
        ["ap-southeast-6"] = "abc",
        ["ap-southeast-7"] = "abc",
        ["ca-west-1"] = "abc",
        ["ca-central-1"] = "abcd",
        ["cn-north-1"] = "abc",
        ["cn-northwest-1"] = "abc",
        ["eu-central-1"] = "abc",
        ["eu-central-2"] = "abc",
        ["eu-north-1"] = "abc",
        ["eu-south-1"] = "abc",
        ["eu-south-2"] = "abc",
        ["eu-west-1"] = "abc",
        ["eu-west-2"] = "abc",
        ["eu-west-3"] = "abc",
        ["il-central-1"] = "abc",
        ["me-south-1"] = "abc",
        ["me-central-1"] = "abc",
        ["mx-central-1"] = "abc",
        ["sa-east-1"] = "abc",
        ["us-east-1"] = "abcdef",
        ["us-east-2"] = "abc",
        ["us-gov-east-1"] = "abc",
        ["us-gov-west-1"] = "abc",
        ["us-west-1"] = "ac",
        ["us-west-2"] = "abcd",
        ["us-iso-east-1"] = "abc",
        ["us-iso-west-1"] = "abc",
        ["us-isob-east-1"] = "abc",
        ["us-isob-west-1"] = "abc",
        ["us-isof-east-1"] = "abc",
        ["us-isof-south-1"] = "abc",
        ["eu-isoe-west-1"] = "abc",
        ["eusc-de-east-1"] = "abc",
    };

    /// <summary>The region's zones in order, or null for a region CloudFormation does not know.</summary>
    public static IReadOnlyList<string>? Of(string region) =>
        s_letters.TryGetValue(region, out var letters) ? [.. letters.Select(l => region + l)] : null;
}
