using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda;

/// <summary>The Lambda API's errors, with its codes, statuses and wording.</summary>
internal static class LambdaErrors
{
    public static AwsServiceException FunctionNotFound(string arn) => new("ResourceNotFoundException", $"Function not found: {arn}", 404);

    public static AwsServiceException AliasNotFound(string arn) => new("ResourceNotFoundException", $"Alias not found: {arn}", 404);

    public static AwsServiceException PreconditionFailed(string message) => new("PreconditionFailedException", message, 412);

    public static AwsServiceException MappingNotFound(string uuid) =>
        new("ResourceNotFoundException", $"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {Guid.NewGuid()})", 404);

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterValueException", message);

    public static AwsServiceException Conflict(string message) => new("ResourceConflictException", message, 409);
}
