namespace Sluice.Asl;

/// <summary>
/// A failure inside an execution, named the way AWS names it (States.Runtime, a Lambda errorType, ...).
/// A Fail state may have neither Error nor Cause, so both can be null.
/// </summary>
public sealed class StatesException(string? error, string? cause) : Exception(cause ?? error ?? "The execution failed.")
{
    public string? Error { get; } = error;

    public string? Cause { get; } = cause;
}
