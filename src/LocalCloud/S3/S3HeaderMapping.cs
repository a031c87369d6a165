using System.Globalization;
using System.Text;

namespace Sluice.LocalCloud.S3;

/// <summary>Object headers in and out: request headers to <see cref="S3ObjectHeaders"/>, a version to response headers.</summary>
internal static class S3HeaderMapping
{
    private const int MaxUserMetadataBytes = 2048;

    private static readonly HashSet<string> s_storageClasses = new(StringComparer.Ordinal)
    {
        "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE",
    };

    /// <summary>The headers a PutObject, CreateMultipartUpload or REPLACE copy stores.</summary>
    public static S3ObjectHeaders FromRequest(S3Call call, S3BucketSettings bucket)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, values) in call.Request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                var key = name["x-amz-meta-".Length..].ToLowerInvariant();
                var value = values.ToString();
                metadata[key] = value;
                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            }
        }
        if (size > MaxUserMetadataBytes)
        {
            throw new S3Exception("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size")
                .With("Size", size.ToString(CultureInfo.InvariantCulture)).With("MaxSizeAllowed", MaxUserMetadataBytes.ToString(CultureInfo.InvariantCulture));
        }
        var storageClass = call.Header("x-amz-storage-class") ?? "STANDARD";
        if (!s_storageClasses.Contains(storageClass))
        {
            throw new S3Exception("InvalidStorageClass", "The storage class you specified is not valid").With("StorageClassRequested", storageClass);
        }
        var (defaultSse, defaultKey, defaultBucketKey) = BucketEncryption(bucket);
        var sse = call.Header("x-amz-server-side-encryption") ?? defaultSse;
        if (sse is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
        {
            throw S3Errors.InvalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", sse);
        }
        if (call.Header("x-amz-server-side-encryption-customer-algorithm") is not null)
        {
            throw S3Errors.NotImplemented("Server-side encryption with customer-provided keys (SSE-C)");
        }
        return new S3ObjectHeaders
        {
            ContentType = call.Header("Content-Type") ?? S3ObjectHeaders.DefaultContentType,
            ContentEncoding = StoredContentEncoding(call.Header("Content-Encoding")),
            ContentDisposition = call.Header("Content-Disposition"),
            ContentLanguage = call.Header("Content-Language"),
            CacheControl = call.Header("Cache-Control"),
            Expires = call.Header("Expires"),
            WebsiteRedirectLocation = call.Header("x-amz-website-redirect-location"),
            Metadata = metadata,
            StorageClass = storageClass,
            ServerSideEncryption = sse,
            SseKmsKeyId = sse.StartsWith("aws:kms", StringComparison.Ordinal) ? call.Header("x-amz-server-side-encryption-aws-kms-key-id") ?? defaultKey : null,
            BucketKeyEnabled = call.Header("x-amz-server-side-encryption-bucket-key-enabled") is { } bk ? bk.Equals("true", StringComparison.OrdinalIgnoreCase) : defaultBucketKey,
        };
    }

    /// <summary>S3 removes the transfer coding <c>aws-chunked</c> and keeps the rest of Content-Encoding.</summary>
    private static string? StoredContentEncoding(string? header)
    {
        if (header is null)
        {
            return null;
        }
        var kept = header.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0 && !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)).ToList();
        return kept.Count == 0 ? null : string.Join(",", kept);
    }

    internal static (string Algorithm, string? KeyId, bool BucketKey) BucketEncryption(S3BucketSettings bucket)
    {
        if (bucket.EncryptionXml is null)
        {
            return ("AES256", null, false);
        }
        var root = System.Xml.Linq.XElement.Parse(bucket.EncryptionXml);
        var rule = root.Child("Rule");
        var apply = rule?.Child("ApplyServerSideEncryptionByDefault");
        return (apply?.ChildValue("SSEAlgorithm") ?? "AES256", apply?.ChildValue("KMSMasterKeyID"), rule?.ChildValue("BucketKeyEnabled") == "true");
    }

    /// <summary>The headers GetObject and HeadObject answer with (besides length and range).</summary>
    public static void Write(HttpResponse response, S3ObjectVersion version, bool versioned, bool tagCount)
    {
        var h = response.Headers;
        var headers = version.Headers;
        h.LastModified = S3Xml.HttpDate(version.LastModified);
        h.ETag = version.ETag;
        h.AcceptRanges = "bytes";
        response.ContentType = headers.ContentType;
        if (headers.ContentEncoding is { } encoding)
        {
            h.ContentEncoding = encoding;
        }
        if (headers.ContentDisposition is { } disposition)
        {
            h.ContentDisposition = disposition;
        }
        if (headers.ContentLanguage is { } language)
        {
            h.ContentLanguage = language;
        }
        if (headers.CacheControl is { } cache)
        {
            h.CacheControl = cache;
        }
        if (headers.Expires is { } expires)
        {
            h.Expires = expires;
        }
        if (headers.WebsiteRedirectLocation is { } redirect)
        {
            h["x-amz-website-redirect-location"] = redirect;
        }
        foreach (var (name, value) in headers.Metadata)
        {
            h["x-amz-meta-" + name] = value;
        }
        if (versioned)
        {
            h["x-amz-version-id"] = version.VersionId;
        }
        WriteEncryption(response, headers);
        if (headers.StorageClass != "STANDARD")
        {
            h["x-amz-storage-class"] = headers.StorageClass;
        }
        if (tagCount && version.Tags.Count > 0)
        {
            h["x-amz-tagging-count"] = version.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static void WriteEncryption(HttpResponse response, S3ObjectHeaders headers)
    {
        response.Headers["x-amz-server-side-encryption"] = headers.ServerSideEncryption;
        if (headers.SseKmsKeyId is { } key)
        {
            response.Headers["x-amz-server-side-encryption-aws-kms-key-id"] = key;
        }
        if (headers.BucketKeyEnabled)
        {
            response.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "true";
        }
    }

    public static void WriteChecksum(HttpResponse response, S3ChecksumAlgorithm algorithm, string value, string type)
    {
        response.Headers[S3Checksums.HeaderName(algorithm)] = value;
        response.Headers["x-amz-checksum-type"] = type;
    }
}
