namespace Sluice.Shared.Logging;

/// <summary>Severity, named as Powertools for .NET writes it in the <c>level</c> key.</summary>
public enum LogLevel
{
    Trace = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
    None = 6,
}

public static class LogLevels
{
    /// <summary>
    /// Reads the level names Powertools (<c>DEBUG</c>, <c>INFO</c>, <c>Information</c>, ...) and Lambda's
    /// advanced logging controls (<c>TRACE</c> ... <c>FATAL</c>) accept, case-insensitively.
    /// </summary>
    public static LogLevel? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        "NONE" => LogLevel.None,
        _ => null,
    };

    /// <summary>
    /// The level in force: <c>POWERTOOLS_LOG_LEVEL</c> (default Information), unless Lambda's
    /// <c>AWS_LAMBDA_LOG_LEVEL</c> is stricter, in which case Lambda would drop the lines anyway and it wins
    /// (Powertools' documented precedence).
    /// </summary>
    public static LogLevel Effective(IEnvironmentVariables env)
    {
        var powertools = Parse(env.Get("POWERTOOLS_LOG_LEVEL")) ?? LogLevel.Information;
        var lambda = Parse(env.Get("AWS_LAMBDA_LOG_LEVEL"));
        return lambda is { } l && l > powertools ? l : powertools;
    }
}
