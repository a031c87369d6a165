using System.Globalization;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Query-string authentication (presigned URLs). As with header signatures the signature itself is not
/// verified, but the parameters must be complete and the URL must not have expired, as AWS enforces.
/// </summary>
internal static class S3Presign
{
    private const int MaxExpiresSeconds = 604_800;

    public static void Check(S3Call call, TimeProvider clock)
    {
        if (call.Query("X-Amz-Algorithm") is { } algorithm)
        {
            CheckV4(call, algorithm, clock.GetUtcNow());
        }
        else if (call.Query("Signature") is not null && call.Query("AWSAccessKeyId") is not null)
        {
            CheckV2(call, clock.GetUtcNow());
        }
    }

    private static void CheckV4(S3Call call, string algorithm, DateTimeOffset now)
    {
        var date = call.Query("X-Amz-Date");
        var expiresText = call.Query("X-Amz-Expires");
        if (call.Query("X-Amz-Credential") is null || call.Query("X-Amz-Signature") is null || date is null
            || call.Query("X-Amz-SignedHeaders") is null || expiresText is null)
        {
            throw new S3Exception("AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (algorithm != "AWS4-HMAC-SHA256" && algorithm != "AWS4-ECDSA-P256-SHA256")
        {
            throw new S3Exception("AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256\"");
        }
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            throw new S3Exception("AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
        }
        if (expires > MaxExpiresSeconds)
        {
            throw new S3Exception("AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than 604800 seconds");
        }
        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw new S3Exception("AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        var expiry = signedAt.AddSeconds(expires);
        if (now > expiry)
        {
            throw new S3Exception("AccessDenied", "Request has expired", 403)
                .With("X-Amz-Expires", expiresText)
                .With("Expires", S3Xml.Timestamp(expiry)[..19] + "Z")
                .With("ServerTime", S3Xml.Timestamp(now)[..19] + "Z");
        }
    }

    private static void CheckV2(S3Call call, DateTimeOffset now)
    {
        var text = call.Query("Expires");
        if (text is null || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            throw new S3Exception("AccessDenied", "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters", 403);
        }
        var expiry = DateTimeOffset.FromUnixTimeSeconds(epoch);
        if (now > expiry)
        {
            throw new S3Exception("AccessDenied", "Request has expired", 403)
                .With("Expires", S3Xml.Timestamp(expiry)[..19] + "Z")
                .With("ServerTime", S3Xml.Timestamp(now)[..19] + "Z");
        }
    }
}
