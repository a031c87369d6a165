using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Shared.Aws;

/// <summary>
/// AWS Signature Version 4 (header-based, AWS4-HMAC-SHA256) for one set of credentials, region
/// and signing service.
/// </summary>
/// <param name="normalizePath">
/// True (every service but S3): remove dot and empty segments from the path and URI-encode it
/// again. False (S3 rules): use the path exactly as it is sent.
/// </param>
public sealed class SigV4Signer(AwsCredentials credentials, string region, string service, bool normalizePath = true)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Headers a proxy or the HTTP stack may add, drop or rewrite after signing.
    private static readonly HashSet<string> s_unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "content-length", "user-agent", "expect", "transfer-encoding", "connection",
        "x-amzn-trace-id",
    };

    private readonly AwsCredentials _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    private readonly string _region = string.IsNullOrEmpty(region) ? throw new ArgumentException("Region is required.", nameof(region)) : region;
    private readonly string _service = string.IsNullOrEmpty(service) ? throw new ArgumentException("Service is required.", nameof(service)) : service;

    /// <summary>
    /// Signs a request given as parts. Every header given is signed; the caller includes
    /// <c>host</c> and <c>x-amz-date</c> (and <c>x-amz-security-token</c> when it signs the token).
    /// </summary>
    /// <param name="path">The path as sent on the wire (already percent-encoded where needed).</param>
    /// <param name="query">Query parameters, decoded; they are encoded here.</param>
    /// <param name="payloadHash">Lower-case hex SHA-256 of the body.</param>
    public SigV4Signature Sign(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash,
        DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentException.ThrowIfNullOrEmpty(payloadHash);

        var utc = time.ToUniversalTime();
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = $"{date}/{_region}/{_service}/aws4_request";

        var canonical = new StringBuilder(256);
        canonical.Append(method.ToUpperInvariant()).Append('\n');
        canonical.Append(normalizePath ? SigV4Encoding.UriEncode(SigV4Encoding.NormalizePath(path), keepSlash: true) : path).Append('\n');
        AppendCanonicalQuery(canonical, query);
        canonical.Append('\n');
        var signedHeaders = AppendCanonicalHeaders(canonical, headers);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        var canonicalRequest = canonical.ToString();

        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={_credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, authorization, signedHeaders);
    }

    /// <summary>
    /// Signs an outgoing request in place: sets Host, X-Amz-Date, X-Amz-Security-Token (signed) and,
    /// when asked, x-amz-content-sha256, then Authorization. <paramref name="payload"/> must be the
    /// exact bytes of the request's content.
    /// </summary>
    public SigV4Signature Sign(HttpRequestMessage request, ReadOnlySpan<byte> payload, DateTimeOffset time, bool addContentSha256 = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(request));
        }

        var payloadHash = Sha256Hex(payload);
        var headers = request.Headers;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Security-Token");
        headers.Remove("x-amz-content-sha256");
        // Set Host explicitly so what is sent is what was signed.
        headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        headers.TryAddWithoutValidation("X-Amz-Date", time.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (_credentials.SessionToken is { } token)
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        if (addContentSha256)
        {
            headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }

        var toSign = new List<KeyValuePair<string, string>>();
        foreach (var header in headers)
        {
            if (!s_unsigned.Contains(header.Key))
            {
                foreach (var value in header.Value)
                {
                    toSign.Add(new(header.Key, value));
                }
            }
        }

        if (request.Content is { } content)
        {
            foreach (var header in content.Headers)
            {
                if (!s_unsigned.Contains(header.Key))
                {
                    foreach (var value in header.Value)
                    {
                        toSign.Add(new(header.Key, value));
                    }
                }
            }
        }

        var signature = Sign(request.Method.Method, uri.AbsolutePath, ParseQuery(uri.Query), toSign, payloadHash, time);
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    internal static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return pairs;
    }

    private static void AppendCanonicalQuery(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> query)
    {
        var encoded = query
            .Select(p => (Name: SigV4Encoding.UriEncode(p.Key), Value: SigV4Encoding.UriEncode(p.Value ?? string.Empty)))
            .ToList();
        // Sorted by encoded name, then by encoded value for repeated names (code-point order).
        encoded.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < encoded.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(encoded[i].Name).Append('=').Append(encoded[i].Value);
        }
    }

    private static string AppendCanonicalHeaders(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> headers)
    {
        // Repeated names keep their order of appearance and are joined with commas.
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(headers));
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                byName[key] = values = [];
            }

            values.Add(SigV4Encoding.CanonicalHeaderValue(value ?? string.Empty));
        }

        foreach (var (name, values) in byName)
        {
            builder.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        return string.Join(';', byName.Keys);
    }

    private byte[] SigningKey(string date)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + _credentials.SecretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
