namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>The error codes CloudFormation answers with (botocore's model), and the one that needs its message read.</summary>
public static class CloudFormationErrors
{
    /// <summary>Bad input, and also a stack that does not exist ("Stack with id X does not exist").</summary>
    public const string ValidationError = "ValidationError";
    public const string AlreadyExists = "AlreadyExistsException";
    public const string ChangeSetNotFound = "ChangeSetNotFound";
    public const string InvalidChangeSetStatus = "InvalidChangeSetStatus";
    public const string InsufficientCapabilities = "InsufficientCapabilitiesException";
    public const string LimitExceeded = "LimitExceededException";
    public const string TokenAlreadyExists = "TokenAlreadyExistsException";

    /// <summary>
    /// True for CloudFormation's answer to a stack that does not exist: a <c>ValidationError</c>
    /// whose message says so (the same code also means bad input, so the message decides).
    /// </summary>
    public static bool IsStackNotFound(AwsServiceException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.ErrorCode == ValidationError
            && exception.ServiceMessage?.Contains("does not exist", StringComparison.Ordinal) == true;
    }
}
