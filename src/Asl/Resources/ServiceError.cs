namespace Sluice.Asl.Resources;

/// <summary>An error a service integration raised, already named as Step Functions names it (e.g. SNS.NotFoundException).</summary>
public sealed record ServiceError(string Error, string Cause)
{
    /// <summary>Builds the cause text the AWS Java SDK writes, as Step Functions shows it for optimised integrations.</summary>
    public static ServiceError FromSdk(string error, string message, string serviceName, int statusCode, string errorCode, string requestId) =>
        new(error, $"{message} (Service: {serviceName}; Status Code: {statusCode}; Error Code: {errorCode}; Request ID: {requestId}; Proxy: null)");
}
