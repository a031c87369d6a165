namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// What Lambda's REPORT line says about one invocation: its duration, the init duration of a cold
/// start, the environment's peak memory, the version that ran and the ARN it was invoked by (an alias's, for one), and how it ended (null error type: success).
/// </summary>
internal sealed record InvocationRecord(
    string RequestId,
    string FunctionName,
    string Version,
    DateTimeOffset Started,
    bool ColdStart,
    double InitDurationMs,
    double DurationMs,
    long PeakMemoryBytes,
    string? ErrorType,
    string EnvironmentId,
    string InvokedArn);
