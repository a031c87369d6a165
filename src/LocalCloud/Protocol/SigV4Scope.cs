namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// The credential scope of a SigV4 <c>Authorization</c> header. The signature itself is not checked:
/// any signature is accepted, but the region and the service name are taken from the scope.
/// </summary>
internal readonly record struct SigV4Scope(string Region, string Service)
{
    public static SigV4Scope? Parse(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }
        var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var start = at + "Credential=".Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        var credential = end < 0 ? authorization[start..] : authorization[start..end];
        // AKID/yyyymmdd/region/service/aws4_request
        var parts = credential.Split('/');
        return parts.Length >= 5 ? new SigV4Scope(parts[^3], parts[^2]) : null;
    }
}
