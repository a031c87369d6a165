using System.Globalization;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// The body of a request as S3 reads it: plain, or <c>aws-chunked</c> (the <c>STREAMING-*</c> values of
/// <c>x-amz-content-sha256</c>, or <c>Content-Encoding: aws-chunked</c>), and everything the headers
/// declare about it (length, Content-MD5, payload hash, flexible checksum in a header or a trailer).
/// </summary>
internal static class S3RequestBody
{
    public static Stream Open(S3Call call, out S3BodyChecks checks)
    {
        var sha = call.Header("x-amz-content-sha256");
        var encoding = call.Header("Content-Encoding") ?? "";
        var chunked = sha?.StartsWith("STREAMING-", StringComparison.Ordinal) == true
            || encoding.Split(',').Any(e => e.Trim().Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        var signedChunks = sha is not null && sha.StartsWith("STREAMING-AWS4-", StringComparison.Ordinal);
        long? length = call.Request.ContentLength;
        if (chunked)
        {
            var decoded = call.Header("x-amz-decoded-content-length");
            if (decoded is null)
            {
                length = null;
            }
            else if (long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
            else
            {
                throw S3Errors.InvalidArgument("x-amz-decoded-content-length is not a number", "x-amz-decoded-content-length", decoded);
            }
        }
        byte[]? md5 = null;
        if (call.Header("Content-MD5") is { } md5Text)
        {
            md5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Text.Trim(), md5, out var written) || written != 16)
            {
                throw new S3Exception("InvalidDigest", "The Content-MD5 you specified was not valid.").With("Content-MD5", md5Text);
            }
        }
        var (algorithm, value) = DeclaredChecksum(call);
        var trailer = call.Header("x-amz-trailer");
        Stream body = call.Request.Body;
        AwsChunkedStream? decoder = null;
        if (chunked)
        {
            decoder = new AwsChunkedStream(body, signedChunks);
            body = decoder;
        }
        Func<string?>? trailing = null;
        if (trailer is not null)
        {
            if (decoder is null)
            {
                throw S3Errors.InvalidRequest("The x-amz-trailer header needs an aws-chunked body.");
            }
            var trailerName = trailer.Trim();
            var trailerAlgorithm = trailerName.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)
                ? S3Checksums.Parse(trailerName["x-amz-checksum-".Length..])
                : null;
            if (trailerAlgorithm is null)
            {
                throw S3Errors.InvalidRequest($"The value specified in the x-amz-trailer header is not supported: {trailerName}");
            }
            if (algorithm is not null && algorithm != trailerAlgorithm)
            {
                throw S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            algorithm = trailerAlgorithm;
            trailing = () => decoder.Trailers.TryGetValue(trailerName, out var v) ? v : null;
        }
        if (call.Header("x-amz-sdk-checksum-algorithm") is { } sdkAlgorithm)
        {
            var named = S3Checksums.ParseRequired(sdkAlgorithm, "x-amz-sdk-checksum-algorithm");
            if (algorithm is null)
            {
                throw S3Errors.InvalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
            }
            if (named != algorithm)
            {
                throw S3Errors.InvalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }
        }
        checks = new S3BodyChecks
        {
            Length = length,
            ContentMd5 = md5,
            Sha256Hex = !chunked && sha is { Length: 64 } && sha.All(char.IsAsciiHexDigit) ? sha : null,
            Algorithm = algorithm,
            Checksum = value,
            TrailingChecksum = trailing,
        };
        return body;
    }

    /// <summary>The one <c>x-amz-checksum-{algorithm}</c> header a request carries, if any (two are refused).</summary>
    private static (S3ChecksumAlgorithm? Algorithm, string? Value) DeclaredChecksum(S3Call call)
    {
        S3ChecksumAlgorithm? found = null;
        string? value = null;
        foreach (var algorithm in S3Checksums.All)
        {
            if (call.Header(S3Checksums.HeaderName(algorithm)) is { } v)
            {
                if (found is not null)
                {
                    throw S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                found = algorithm;
                value = v.Trim();
            }
        }
        return (found, value);
    }

    /// <summary>Upload bodies must announce their length (Content-Length, or x-amz-decoded-content-length when aws-chunked).</summary>
    public static void RequireLength(S3BodyChecks checks)
    {
        if (checks.Length is null)
        {
            throw new S3Exception("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);
        }
    }
}
