namespace Sluice.Asl.Resources;

/// <summary>
/// What an invocation returned. A function error (FunctionError set) carries the error document the
/// runtime produced ({"errorType","errorMessage",...}) as Payload, byte for byte; a service error
/// (the function could not be invoked at all) carries ServiceError.
/// </summary>
public sealed record LambdaInvocationResult
{
    public string Payload { get; init; } = "null";

    public string? FunctionError { get; init; }

    public ServiceError? ServiceError { get; init; }

    public string ExecutedVersion { get; init; } = "$LATEST";

    public int StatusCode { get; init; } = 200;

    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    public static LambdaInvocationResult Success(string payload) => new() { Payload = payload };

    public static LambdaInvocationResult Failure(string errorPayload) => new() { Payload = errorPayload, FunctionError = "Unhandled" };

    public static LambdaInvocationResult Unavailable(ServiceError error) => new() { ServiceError = error };
}
