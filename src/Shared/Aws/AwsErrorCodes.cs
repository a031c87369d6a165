namespace Sluice.Shared.Aws;

/// <summary>The error codes the SDKs' standard retry mode treats as throttling or transient.</summary>
internal static class AwsErrorCodes
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    public static bool IsThrottling(string code) => Throttling.Contains(code);

    public static bool IsTransient(string code) => Transient.Contains(code);

    public static bool IsTransientStatus(int status) => status is 500 or 502 or 503 or 504;
}
