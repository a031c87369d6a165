using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Which requests on the shared endpoint are S3's, and which bucket and key they address.
/// <para>
/// S3 is REST: no <c>X-Amz-Target</c> and no form <c>Action</c>. A request is S3's when its SigV4
/// scope (header or presigned query) names the service <c>s3</c>, when it carries a SigV2 S3 signature,
/// when its Host names a bucket (virtual-hosted style), or when it is an unsigned REST request that no
/// other protocol claims. Requests of the JSON and query services always carry a target or an Action,
/// and signed ones name their own service, so they are never taken for S3.
/// </para>
/// <para>
/// Host forms: the endpoint itself (<c>127.0.0.1:port</c>, <c>localhost:port</c>, <c>[::1]:port</c>,
/// <c>s3.localhost:port</c>) is path-style, <c>/bucket/key</c>. A name under <c>localhost</c> addresses
/// a bucket: <c>bucket.localhost</c>, <c>bucket.s3.localhost</c>, <c>bucket.s3.region.localhost</c>
/// and <c>bucket.s3-region.localhost</c> (any port), the key being the whole path.
/// </para>
/// </summary>
internal static partial class S3Addressing
{
    public static bool IsS3(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/_localcloud", StringComparison.Ordinal))
        {
            return false;
        }
        // Query-protocol calls are form posts and JSON calls carry JSON; S3 takes neither as a POST body.
        var contentType = request.ContentType ?? "";
        if (HttpMethods.IsPost(request.Method)
            && (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        var authorization = request.Headers.Authorization.ToString();
        if (SigV4Scope.Parse(authorization) is { } scope)
        {
            // s3express (directory buckets) and s3-object-lambda are S3's siblings: S3's API refuses them by name.
            return scope.Service is "s3" or "s3express" or "s3-object-lambda";
        }
        if (authorization.StartsWith("AWS ", StringComparison.Ordinal))
        {
            return true;
        }
        if (request.Query["X-Amz-Credential"].ToString() is { Length: > 0 } credential)
        {
            var parts = credential.Split('/');
            return parts.Length >= 5 && parts[^2] == "s3";
        }
        if (VirtualHostBucket(request.Host.Host) is not null)
        {
            return true;
        }
        if (request.Headers.ContainsKey("X-Amz-Target") || request.Query.ContainsKey("Action"))
        {
            return false;
        }
        // An unsigned REST call (curl, a browser, a presigned SigV2 URL).
        return true;
    }

    /// <summary>The bucket a Host header names, or null for the endpoint itself (path-style).</summary>
    public static string? VirtualHostBucket(string host)
    {
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return null;
        }
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (!name.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return null;
        }
        name = name[..^".localhost".Length];
        var match = ServiceSuffix().Match(name);
        if (match.Success)
        {
            name = match.Groups["bucket"].Value;
        }
        else if (name is "s3" || name.StartsWith("s3.", StringComparison.Ordinal) || name.StartsWith("s3-", StringComparison.Ordinal))
        {
            return null;
        }
        return name.Length == 0 ? null : name;
    }

    /// <summary>The bucket and key a request addresses (either may be null), decoded from the raw request target.</summary>
    public static (string? Bucket, string? Key) Resolve(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var afterScheme = raw.IndexOf("//", StringComparison.Ordinal) + 2;
            var slash = raw.IndexOf('/', afterScheme);
            raw = slash < 0 ? "/" : raw[slash..];
        }
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? raw : raw[..question];
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }
        if (VirtualHostBucket(context.Request.Host.Host) is { } hosted)
        {
            var key = Uri.UnescapeDataString(path[1..]);
            return (hosted, key.Length == 0 ? null : key);
        }
        var rest = path[1..];
        if (rest.Length == 0)
        {
            return (null, null);
        }
        var separator = rest.IndexOf('/', StringComparison.Ordinal);
        if (separator < 0)
        {
            return (Uri.UnescapeDataString(rest), null);
        }
        var bucket = Uri.UnescapeDataString(rest[..separator]);
        var objectKey = Uri.UnescapeDataString(rest[(separator + 1)..]);
        return (bucket, objectKey.Length == 0 ? null : objectKey);
    }

    [GeneratedRegex(@"^(?<bucket>.+)\.s3([.-][a-z0-9-]+)?$")]
    private static partial Regex ServiceSuffix();
}
