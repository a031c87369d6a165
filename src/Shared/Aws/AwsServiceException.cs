using System.Net;

namespace Sluice.Shared.Aws;

/// <summary>An error answer from an AWS service, with the service's error code.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string? message, HttpStatusCode httpStatusCode, string? requestId)
        : base(string.IsNullOrEmpty(message) ? $"{errorCode} (HTTP {(int)httpStatusCode})" : $"{errorCode}: {message}")
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ErrorCode = errorCode;
        ServiceMessage = message ?? string.Empty;
        HttpStatusCode = httpStatusCode;
        RequestId = requestId;
    }

    /// <summary>The AWS error code without namespace, e.g. <c>ExecutionAlreadyExists</c>; the HTTP status when the body had none.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message text (empty when it sent none).</summary>
    public string ServiceMessage { get; }

    public HttpStatusCode HttpStatusCode { get; }

    public string? RequestId { get; }

    public bool IsThrottling => AwsErrorCodes.IsThrottling(ErrorCode);

    /// <summary>Throttling, a transient error code, or HTTP 500/502/503/504: worth another attempt.</summary>
    public bool IsRetryable =>
        IsThrottling || AwsErrorCodes.IsTransient(ErrorCode) || AwsErrorCodes.IsTransientStatus((int)HttpStatusCode);

    /// <summary>
    /// Whether a failure of an AWS call is worth trying again later (after the client's own
    /// retries gave up): a retryable service error, a connection failure or a timeout.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException service => service.IsRetryable,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };
}
