namespace Sluice.Shared.Aws;

/// <summary>The error codes the SDKs' standard retry mode treats as throttling or transient.</summary>
internal static class AwsErrorCodes
{
    private static readonly HashSet<string> s_throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> s_transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    public static bool IsThrottling(string code) => s_throttling.Contains(code);

    public static bool IsTransient(string code) => s_transient.Contains(code);

    public static bool IsTransientStatus(int status) => status is 500 or 502 or 503 or 504;
}
