namespace Sluice.Cli;

/// <summary>A failure the user can act on: printed as one line, with the exit code.</summary>
internal sealed class CliException(string message, int exitCode = CliException.Failure, Exception? inner = null)
    : Exception(message, inner)
{
    public const int Failure = 1;
    public const int Usage = 2;

    public int ExitCode { get; } = exitCode;
}
