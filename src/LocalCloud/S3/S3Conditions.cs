using System.Globalization;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Conditional requests as S3 evaluates them (RFC 7232 with S3's documented precedence): If-Match and
/// If-Unmodified-Since fail with 412; If-None-Match and If-Modified-Since answer 304 on a read. When
/// If-Match holds, If-Unmodified-Since is ignored; when If-None-Match fails, If-Modified-Since is ignored.
/// </summary>
internal static class S3Conditions
{
    /// <summary>Whether an If-Match/If-None-Match value (<c>*</c>, one ETag or a list, quoted or not) names the ETag.</summary>
    public static bool ETagMatches(string condition, string etag)
    {
        var bare = etag.Trim('"');
        foreach (var part in condition.Split(','))
        {
            var candidate = part.Trim();
            if (candidate.StartsWith("W/", StringComparison.Ordinal))
            {
                candidate = candidate[2..];
            }
            if (candidate == "*" || candidate.Trim('"') == bare)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Evaluates the read conditions; returns 304 when the client's copy is current, throws
    /// PreconditionFailed when a precondition fails, and returns 200 otherwise.
    /// </summary>
    public static int Evaluate(S3ObjectVersion version, string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince, string prefix = "")
    {
        var lastModified = Truncate(version.LastModified);
        var matchHeld = false;
        if (ifMatch is not null)
        {
            if (!ETagMatches(ifMatch, version.ETag))
            {
                throw S3Errors.PreconditionFailed(prefix + "If-Match");
            }
            matchHeld = true;
        }
        if (!matchHeld && ParseDate(ifUnmodifiedSince) is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed(prefix + "If-Unmodified-Since");
        }
        if (ifNoneMatch is not null)
        {
            if (ETagMatches(ifNoneMatch, version.ETag))
            {
                return 304;
            }
            return 200;
        }
        if (ParseDate(ifModifiedSince) is { } modifiedSince && lastModified <= modifiedSince)
        {
            return 304;
        }
        return 200;
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    /// <summary>An HTTP date (RFC 1123, RFC 850, asctime) or ISO 8601; an unparseable one is ignored, as HTTP says.</summary>
    public static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        string[] formats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];
        return DateTimeOffset.TryParseExact(value.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }
}
