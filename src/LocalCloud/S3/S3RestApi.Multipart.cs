using System.Globalization;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3RestApi
{
    private async Task CreateMultipartUploadAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var key = call.RequiredKey;
        var algorithm = call.Header("x-amz-checksum-algorithm") is { } a ? S3Checksums.ParseRequired(a, "x-amz-checksum-algorithm") : (S3ChecksumAlgorithm?)null;
        var upload = s3.CreateMultipartUpload(bucket.Name, key, S3HeaderMapping.FromRequest(call, bucket.Settings),
            S3Tags.ParseHeader(call.Header("x-amz-tagging")), algorithm, call.Header("x-amz-checksum-type"));
        S3HeaderMapping.WriteEncryption(call.Response, upload.Headers);
        if (upload.ChecksumAlgorithm is { } chosen)
        {
            call.Response.Headers["x-amz-checksum-algorithm"] = S3Checksums.Name(chosen);
            call.Response.Headers["x-amz-checksum-type"] = upload.FullObjectChecksum ? "FULL_OBJECT" : "COMPOSITE";
        }
        var sb = S3Xml.Start("InitiateMultipartUploadResult");
        sb.Element("Bucket", bucket.Name).Element("Key", key).Element("UploadId", upload.UploadId);
        await XmlAsync(call, S3Xml.End(sb, "InitiateMultipartUploadResult")).ConfigureAwait(false);
    }

    private static int PartNumber(S3Call call)
    {
        var text = call.Query("partNumber");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= S3Service.MaxPartNumber
            ? n
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text ?? "");
    }

    private async Task UploadPartAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var partNumber = PartNumber(call);
        var body = S3RequestBody.Open(call, out var checks);
        S3RequestBody.RequireLength(checks);
        var part = await s3.UploadPartAsync(bucket.Name, call.RequiredKey, call.Query("uploadId")!, partNumber, body, checks, call.Aborted).ConfigureAwait(false);
        call.Response.Headers.ETag = part.ETag;
        S3HeaderMapping.WriteEncryption(call.Response, new S3ObjectHeaders());
        if (part.Checksum is { } checksum && checks.Algorithm is { } algorithm)
        {
            call.Response.Headers[S3Checksums.HeaderName(algorithm)] = checksum;
        }
        await EmptyAsync(call).ConfigureAwait(false);
    }

    private async Task UploadPartCopyAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var partNumber = PartNumber(call);
        var source = CopySource(call);
        var part = await s3.UploadPartCopyAsync(bucket.Name, call.RequiredKey, call.Query("uploadId")!, partNumber, source, call.Aborted).ConfigureAwait(false);
        if (s3.Bucket(source.Bucket).VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-copy-source-version-id"] = s3.HeadObject(source.Bucket, source.Key, source.VersionId).VersionId;
        }
        S3HeaderMapping.WriteEncryption(call.Response, new S3ObjectHeaders());
        var sb = S3Xml.Start("CopyPartResult");
        sb.Element("ETag", part.ETag).Element("LastModified", S3Xml.Timestamp(part.LastModified));
        var (upload, _) = s3.ListParts(bucket.Name, call.RequiredKey, call.Query("uploadId")!);
        if (upload.ChecksumAlgorithm is { } algorithm && part.Checksum is { } checksum)
        {
            sb.Element(S3Checksums.ElementName(algorithm), checksum);
        }
        await XmlAsync(call, S3Xml.End(sb, "CopyPartResult")).ConfigureAwait(false);
    }

    private async Task CompleteMultipartUploadAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var key = call.RequiredKey;
        var uploadId = call.Query("uploadId")!;
        var root = S3Xml.Parse(await ReadDocumentAsync(call).ConfigureAwait(false), "CompleteMultipartUpload");
        var parts = new List<S3CompletedPart>();
        foreach (var part in root.Children("Part"))
        {
            if (!int.TryParse(part.ChildValue("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }
            var etag = part.ChildValue("ETag") ?? throw S3Errors.MalformedXml();
            var checksum = S3Checksums.All.Select(a => part.ChildValue(S3Checksums.ElementName(a))).FirstOrDefault(v => v is not null);
            parts.Add(new S3CompletedPart(number, etag, checksum));
        }
        var ifNoneMatch = call.Header("If-None-Match");
        if (ifNoneMatch is not null && ifNoneMatch.Trim() != "*")
        {
            throw S3Errors.NotImplemented("A conditional CompleteMultipartUpload with If-None-Match other than '*'");
        }
        var version = await s3.CompleteMultipartUploadAsync(bucket.Name, key, uploadId, parts, ifNoneMatch, call.Header("If-Match"), call.Aborted).ConfigureAwait(false);
        S3HeaderMapping.WriteEncryption(call.Response, version.Headers);
        if (bucket.VersioningEverEnabled)
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        var sb = S3Xml.Start("CompleteMultipartUploadResult");
        var scheme = call.Request.Scheme;
        sb.Element("Location", $"{scheme}://{call.Request.Host}/{bucket.Name}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}")
            .Element("Bucket", bucket.Name).Element("Key", key).Element("ETag", version.ETag);
        if (version.Checksum is { } c)
        {
            sb.Element(S3Checksums.ElementName(c.Algorithm), c.Value).Element("ChecksumType", c.Type);
        }
        await XmlAsync(call, S3Xml.End(sb, "CompleteMultipartUploadResult")).ConfigureAwait(false);
    }

    private Task AbortMultipartUploadAsync(S3Call call)
    {
        s3.AbortMultipartUpload(call.RequiredBucket, call.RequiredKey, call.Query("uploadId")!);
        return EmptyAsync(call, 204);
    }
}
