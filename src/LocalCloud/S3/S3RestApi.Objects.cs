using System.Buffers;
using System.Globalization;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3RestApi
{
    private const int CopyBufferSize = 128 * 1024;

    private async Task PutObjectAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var key = call.RequiredKey;
        S3Service.CheckKey(key);
        var body = S3RequestBody.Open(call, out var checks);
        S3RequestBody.RequireLength(checks);
        var ifNoneMatch = call.Header("If-None-Match");
        if (ifNoneMatch is not null && ifNoneMatch.Trim() != "*")
        {
            throw S3Errors.NotImplemented("A conditional PutObject with If-None-Match other than '*'");
        }
        var request = new S3PutRequest
        {
            Headers = S3HeaderMapping.FromRequest(call, bucket.Settings),
            Tags = S3Tags.ParseHeader(call.Header("x-amz-tagging")),
            Checks = checks,
            IfNoneMatch = ifNoneMatch,
            IfMatch = call.Header("If-Match"),
        };
        var version = await s3.PutObjectAsync(bucket.Name, key, body, request, call.Aborted).ConfigureAwait(false);
        WriteWriteHeaders(call, bucket, version);
        await EmptyAsync(call).ConfigureAwait(false);
    }

    private static void WriteWriteHeaders(S3Call call, S3Bucket bucket, S3ObjectVersion version)
    {
        call.Response.Headers.ETag = version.ETag;
        S3HeaderMapping.WriteEncryption(call.Response, version.Headers);
        if (bucket.VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        if (version.Checksum is { } checksum)
        {
            S3HeaderMapping.WriteChecksum(call.Response, checksum.Algorithm, checksum.Value, checksum.Type);
        }
    }

    /// <summary>GetObject and HeadObject: version, part or range; conditions; response-* overrides; checksum mode.</summary>
    private async Task GetObjectAsync(S3Call call, bool head)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var key = call.RequiredKey;
        var rangeHeader = call.Header("Range");
        var partText = call.Query("partNumber");
        if (partText is not null && rangeHeader is not null)
        {
            throw S3Errors.InvalidRequest("Cannot specify both Range header and partNumber query parameter");
        }
        var read = s3.OpenObject(bucket.Name, key, call.Query("versionId"));
        await using (read.ConfigureAwait(false))
        {
            var version = read.Version;
            var response = call.Response;
            var status = S3Conditions.Evaluate(version, call.Header("If-Match"), call.Header("If-None-Match"), call.Header("If-Modified-Since"), call.Header("If-Unmodified-Since"));
            if (status == 304)
            {
                response.StatusCode = 304;
                response.Headers.ETag = version.ETag;
                response.Headers.LastModified = S3Xml.HttpDate(version.LastModified);
                return;
            }
            long offset = 0;
            var length = version.Size;
            var partial = false;
            string? partChecksum = null;
            if (partText is not null)
            {
                if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > S3Service.MaxPartNumber)
                {
                    throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partText);
                }
                var parts = version.Parts ?? [new S3ObjectPart(1, version.Size, version.ETag, null)];
                if (partNumber > parts.Count)
                {
                    throw new S3Exception("InvalidPartNumber", "The requested partnumber is not satisfiable", 416).With("PartNumberRequested", partText).With("ActualPartCount", parts.Count.ToString(CultureInfo.InvariantCulture));
                }
                offset = parts.Take(partNumber - 1).Sum(p => p.Size);
                length = parts[partNumber - 1].Size;
                partChecksum = parts[partNumber - 1].Checksum;
                partial = version.Parts is not null;
                response.Headers["x-amz-mp-parts-count"] = parts.Count.ToString(CultureInfo.InvariantCulture);
            }
            else if (S3ByteRange.Parse(rangeHeader) is { } range)
            {
                (offset, length) = range.Resolve(version.Size);
                partial = true;
            }
            S3HeaderMapping.Write(response, version, bucket.VersioningEverEnabled, tagCount: !head);
            if (call.Header("x-amz-checksum-mode")?.Equals("ENABLED", StringComparison.OrdinalIgnoreCase) == true && version.Checksum is { } checksum)
            {
                if (partText is not null && version.Parts is not null)
                {
                    if (partChecksum is not null)
                    {
                        S3HeaderMapping.WriteChecksum(response, checksum.Algorithm, partChecksum, "COMPOSITE");
                    }
                }
                else if (!partial || (offset == 0 && length == version.Size))
                {
                    S3HeaderMapping.WriteChecksum(response, checksum.Algorithm, checksum.Value, checksum.Type);
                }
            }
            ApplyOverrides(call);
            if (partial)
            {
                response.StatusCode = 206;
                response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{version.Size}";
            }
            else
            {
                response.StatusCode = 200;
            }
            response.ContentLength = length;
            if (head || length == 0)
            {
                return;
            }
            read.Body.Seek(offset, SeekOrigin.Begin);
            await CopyAsync(read.Body, response.Body, length, call.Aborted).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(Stream source, Stream target, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            while (length > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, length)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException("The object's file ended before its recorded size.");
                }
                await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                length -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The response-* query parameters replace the stored headers in this answer only.</summary>
    private static void ApplyOverrides(S3Call call)
    {
        var h = call.Response.Headers;
        if (call.Query("response-content-type") is { } type)
        {
            call.Response.ContentType = type;
        }
        if (call.Query("response-content-language") is { } language)
        {
            h.ContentLanguage = language;
        }
        if (call.Query("response-expires") is { } expires)
        {
            h.Expires = expires;
        }
        if (call.Query("response-cache-control") is { } cache)
        {
            h.CacheControl = cache;
        }
        if (call.Query("response-content-disposition") is { } disposition)
        {
            h.ContentDisposition = disposition;
        }
        if (call.Query("response-content-encoding") is { } encoding)
        {
            h.ContentEncoding = encoding;
        }
    }

    private Task DeleteObjectAsync(S3Call call)
    {
        var outcome = s3.DeleteObject(call.RequiredBucket, call.RequiredKey, call.Query("versionId"));
        if (outcome.VersionId is { } id)
        {
            call.Response.Headers["x-amz-version-id"] = id;
        }
        if (outcome.DeleteMarker)
        {
            call.Response.Headers["x-amz-delete-marker"] = "true";
        }
        return EmptyAsync(call, 204);
    }

    private async Task CopyObjectAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var key = call.RequiredKey;
        var source = CopySource(call);
        var metadataDirective = call.Header("x-amz-metadata-directive") ?? "COPY";
        var taggingDirective = call.Header("x-amz-tagging-directive") ?? "COPY";
        if (metadataDirective is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", metadataDirective);
        }
        if (taggingDirective is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", taggingDirective);
        }
        var request = new S3CopyRequest
        {
            ReplaceMetadata = metadataDirective == "REPLACE",
            Headers = metadataDirective == "REPLACE" ? S3HeaderMapping.FromRequest(call, bucket.Settings) : null,
            ReplaceTags = taggingDirective == "REPLACE",
            Tags = taggingDirective == "REPLACE" ? S3Tags.ParseHeader(call.Header("x-amz-tagging")) : null,
            ChecksumAlgorithm = call.Header("x-amz-checksum-algorithm") is { } a ? S3Checksums.ParseRequired(a, "x-amz-checksum-algorithm") : null,
            ChangesStorage = call.Header("x-amz-storage-class") is not null || call.Header("x-amz-server-side-encryption") is not null || call.Header("x-amz-website-redirect-location") is not null,
        };
        var (version, sourceVersionId) = await s3.CopyObjectAsync(bucket.Name, key, source, request, call.Aborted).ConfigureAwait(false);
        S3HeaderMapping.WriteEncryption(call.Response, version.Headers);
        if (bucket.VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        if (s3.Bucket(source.Bucket).VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-copy-source-version-id"] = sourceVersionId;
        }
        var sb = S3Xml.Start("CopyObjectResult");
        sb.Element("ETag", version.ETag).Element("LastModified", S3Xml.Timestamp(version.LastModified));
        if (version.Checksum is { } checksum)
        {
            sb.Element("ChecksumType", checksum.Type).Element(S3Checksums.ElementName(checksum.Algorithm), checksum.Value);
        }
        await XmlAsync(call, S3Xml.End(sb, "CopyObjectResult")).ConfigureAwait(false);
    }

    private static S3CopySource CopySource(S3Call call) =>
        S3CopySource.Parse(call.Header("x-amz-copy-source")!) with
        {
            Range = call.Header("x-amz-copy-source-range") is { } r
                ? S3ByteRange.Parse(r) ?? throw S3Errors.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", r)
                : null,
            IfMatch = call.Header("x-amz-copy-source-if-match"),
            IfNoneMatch = call.Header("x-amz-copy-source-if-none-match"),
            IfModifiedSince = call.Header("x-amz-copy-source-if-modified-since"),
            IfUnmodifiedSince = call.Header("x-amz-copy-source-if-unmodified-since"),
        };

    private Task GetObjectTaggingAsync(S3Call call)
    {
        var version = s3.HeadObject(call.RequiredBucket, call.RequiredKey, call.Query("versionId"));
        if (s3.Bucket(call.RequiredBucket).VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        return XmlAsync(call, S3Tags.Document(version.Tags));
    }

    private async Task PutObjectTaggingAsync(S3Call call)
    {
        var tags = S3Tags.ParseDocument(await ReadDocumentAsync(call).ConfigureAwait(false), S3Tags.MaxObjectTags, "Object tags cannot be greater than 10");
        var versionId = s3.SetObjectTags(call.RequiredBucket, call.RequiredKey, call.Query("versionId"), tags);
        if (s3.Bucket(call.RequiredBucket).VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = versionId;
        }
        await EmptyAsync(call).ConfigureAwait(false);
    }

    private Task DeleteObjectTaggingAsync(S3Call call)
    {
        var versionId = s3.SetObjectTags(call.RequiredBucket, call.RequiredKey, call.Query("versionId"), S3Tags.Empty);
        if (s3.Bucket(call.RequiredBucket).VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = versionId;
        }
        return EmptyAsync(call, 204);
    }

    /// <summary>DeleteObjects: up to 1,000 keys, each deleted or reported with its own error; quiet mode reports errors only.</summary>
    private async Task DeleteObjectsAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var md5 = call.Header("Content-MD5");
        var hasChecksum = S3Checksums.All.Any(a => call.Header(S3Checksums.HeaderName(a)) is not null) || call.Header("x-amz-trailer") is not null;
        if (md5 is null && !hasChecksum)
        {
            throw S3Errors.InvalidRequest("Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        }
        var document = await ReadDocumentAsync(call).ConfigureAwait(false);
        var root = S3Xml.Parse(document, "Delete");
        var quiet = root.ChildValue("Quiet")?.Equals("true", StringComparison.OrdinalIgnoreCase) == true;
        var objects = root.Children("Object").ToList();
        if (objects.Count is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }
        var sb = S3Xml.Start("DeleteResult");
        foreach (var entry in objects)
        {
            var key = entry.ChildValue("Key") ?? throw S3Errors.MalformedXml();
            var versionId = entry.ChildValue("VersionId");
            try
            {
                S3Service.CheckKey(key);
                var outcome = s3.DeleteObject(bucket.Name, key, versionId);
                if (quiet)
                {
                    continue;
                }
                sb.Append("<Deleted>").Element("Key", key);
                if (versionId is not null)
                {
                    sb.Element("VersionId", versionId);
                }
                if (outcome.DeleteMarker)
                {
                    sb.Bool("DeleteMarker", true).Element("DeleteMarkerVersionId", outcome.VersionId);
                }
                sb.Append("</Deleted>");
            }
            catch (S3Exception e)
            {
                sb.Append("<Error>").Element("Key", key).Element("VersionId", versionId).Element("Code", e.Code).Element("Message", e.Message).Append("</Error>");
            }
        }
        await XmlAsync(call, S3Xml.End(sb, "DeleteResult")).ConfigureAwait(false);
    }
}
