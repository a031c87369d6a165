namespace Sluice.Shared.Runtime;

/// <summary>
/// A failure the function reports on purpose, with the error type Lambda passes on as the
/// function error (and Step Functions as the <c>Error</c> an ASL <c>Catch</c> matches), e.g.
/// <c>OutOfStock</c>. Any other exception is reported with its .NET type name.
/// </summary>
#pragma warning disable CA1032 // The error type is mandatory: the parameterless constructors would hide it.
public sealed class FunctionException(string errorType, string message) : Exception(message)
#pragma warning restore CA1032
{
    public string ErrorType { get; } = string.IsNullOrEmpty(errorType)
        ? throw new ArgumentException("An error type is required.", nameof(errorType))
        : errorType;
}
