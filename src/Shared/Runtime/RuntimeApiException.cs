using System.Net;

namespace Sluice.Shared.Runtime;

/// <summary>The Runtime API refused a call (for example 413 for a response over Lambda's limit).</summary>
#pragma warning disable CA1032 // Always raised with the status the Runtime API answered.
public class RuntimeApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}

/// <summary>
/// The Runtime API answered 500: the execution environment is broken and the runtime must exit
/// so Lambda can replace it.
/// </summary>
public sealed class RuntimeApiUnavailableException(string message)
    : RuntimeApiException(HttpStatusCode.InternalServerError, message);
#pragma warning restore CA1032
