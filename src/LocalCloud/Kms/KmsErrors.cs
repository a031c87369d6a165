using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kms;

/// <summary>KMS's error answers, with the codes and messages AWS gives.</summary>
internal static class KmsErrors
{
    public static AwsServiceException KeyNotFound(string arn) => new("NotFoundException", $"Key '{arn}' does not exist");

    public static AwsServiceException AliasNotFound(string arn) => new("NotFoundException", $"Alias '{arn}' is not found.");

    public static AwsServiceException InvalidArn(string value) => new("InvalidArnException", $"Invalid arn {value}");

    public static AwsServiceException Disabled(string arn) => new("DisabledException", $"{arn} is disabled.");

    public static AwsServiceException PendingDeletion(string arn) => new("KMSInvalidStateException", $"{arn} is pending deletion.");

    public static AwsServiceException InvalidState(string message) => new("KMSInvalidStateException", message);

    public static AwsServiceException Usage(string arn, string usage, string operation) =>
        new("InvalidKeyUsageException", $"{arn} key usage is {usage} which is not valid for {operation}.");

    public static AwsServiceException Algorithm(string algorithm, string spec) =>
        new("InvalidKeyUsageException", $"Algorithm {algorithm} is incompatible with key spec {spec}.");

    /// <summary>VerifyMac's answer when the MAC does not match: AWS sends the code with no message.</summary>
    public static AwsServiceException InvalidMac() => new("KMSInvalidMacException", "");

    public static AwsServiceException AliasExists(string arn) => new("AlreadyExistsException", $"An alias with the name {arn} already exists");

    public static AwsServiceException AliasName(string message) => new("InvalidAliasNameException", message);

    public static AwsServiceException Marker() => new("InvalidMarkerException", "Invalid marker");

    /// <summary>A member that breaks its model constraint, in the words AWS's validation layer uses.</summary>
    public static AwsServiceException Constraint(string member, string? value, string constraint) =>
        AwsServiceException.Validation($"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException Missing(string member) => Constraint(member, null, "Member must not be null");
}
