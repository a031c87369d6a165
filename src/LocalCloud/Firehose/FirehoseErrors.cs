using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Firehose;

/// <summary>Firehose's error answers (the JSON <c>__type</c>) with AWS's wording where it is known.</summary>
internal static class FirehoseErrors
{
    public static AwsServiceException NotFound(string name, string account) =>
        new("ResourceNotFoundException", $"Firehose {name} under account {account} not found.");

    public static AwsServiceException InUse(string name, string account) =>
        new("ResourceInUseException", $"Firehose {name} under accountId {account} already exists.");

    public static AwsServiceException InvalidArgument(string message) => new("InvalidArgumentException", message);

    public static AwsServiceException NotDirectPut() =>
        InvalidArgument("This operation is not permitted on KinesisStreamAsSource delivery stream type.");

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    /// <summary>A member that breaks its model constraint, in the words AWS's validation layer uses.</summary>
    public static AwsServiceException Constraint(string member, string? value, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException Missing(string member) => Constraint(member, null, "Member must not be null");
}
