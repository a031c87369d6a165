using System.Net;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// What every request passes before any service sees it. The Host header must name this endpoint (a
/// loopback name or address), so a page whose DNS name was rebound to 127.0.0.1 cannot reach it; and a
/// request a browser sends for another site's page (it carries <c>Origin</c>, or <c>Sec-Fetch-Site</c>
/// without one) is refused unless that origin is allowed, so no web page can drive the local cloud.
/// Clients (AWS CLI, SDKs, functions) send neither header and are not affected.
/// </summary>
internal sealed class FrontDoor(LocalCloudOptions options)
{
    private const string ExposedHeaders = "x-amzn-RequestId, x-amz-request-id, x-amz-id-2, x-amzn-ErrorType, ETag, x-amz-version-id";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var host = request.Host.Host;
        if (!IsLoopbackName(host))
        {
            await RefuseAsync(context, $"The Host header '{request.Host.Value}' does not name this endpoint: the local cloud answers loopback names only (localhost, *.localhost, 127.0.0.0/8, [::1]).").ConfigureAwait(false);
            return;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            if (site is "cross-site" or "same-site")
            {
                await RefuseAsync(context, "A browser request from another site is refused: it names no Origin the local cloud allows (--cors-origins).").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (!IsAllowed(origin, request))
        {
            await RefuseAsync(context, $"The origin '{origin}' is not allowed: the local cloud serves browsers only from its own pages and the origins given with --cors-origins.").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.Vary = "Origin";
        response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        if (HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count > 0)
        {
            // A preflight: the allowed origin may send any method and header an AWS client sends.
            response.Headers.AccessControlAllowMethods = "GET, PUT, POST, DELETE, HEAD";
            response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } asked ? asked : "*";
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>localhost, a name under it, or a loopback address (127.0.0.0/8, ::1).</summary>
    internal static bool IsLoopbackName(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) && IPAddress.IsLoopback(address);
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        if (options.CorsOrigins.Contains("*") || options.CorsOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        // The local cloud's own pages: an origin on this host's own port under a loopback name.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttp
            && uri.Port == request.Host.Port
            && IsLoopbackName(uri.Host);
    }

    private static async Task RefuseAsync(HttpContext context, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        var body = JsonErrors.Body("AccessDeniedException", message);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amzn-ErrorType"] = "AccessDeniedException";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
