using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Logs;

/// <summary>CloudWatch Logs' error answers, with the codes and messages AWS gives.</summary>
internal static class LogsErrors
{
    public static AwsServiceException GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsServiceException StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    public static AwsServiceException GroupExists() => new("ResourceAlreadyExistsException", "The specified log group already exists");

    public static AwsServiceException StreamExists() => new("ResourceAlreadyExistsException", "The specified log stream already exists");

    public static AwsServiceException Invalid(string message) => new("InvalidParameterException", message);

    /// <summary>A member that breaks its model constraint, in the words AWS's validation layer uses.</summary>
    public static AwsServiceException Constraint(string member, string? value, string constraint) =>
        new("InvalidParameterException", $"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException Missing(string member) => Constraint(member, null, "Member must not be null");
}
