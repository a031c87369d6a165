using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3RestApi
{
    private const int MaxListKeys = 1000;

    private Task ListBucketsAsync(S3Call call)
    {
        var prefix = call.Query("prefix");
        var region = call.Query("bucket-region");
        var max = call.IntQuery("max-buckets", 10_000, 1, 10_000);
        var after = DecodeToken(call.Query("continuation-token"), "continuation-token");
        var buckets = s3.ListBuckets()
            .Where(b => (prefix is null || b.Name.StartsWith(prefix, StringComparison.Ordinal)) && (region is null || b.Region == region))
            .Where(b => after is null || string.CompareOrdinal(b.Name, after) > 0)
            .ToList();
        var page = buckets.Take(max).ToList();
        var sb = S3Xml.Start("ListAllMyBucketsResult").Owner(s3.Options.AccountId).Append("<Buckets>");
        foreach (var bucket in page)
        {
            sb.Append("<Bucket>").Element("Name", bucket.Name).Element("CreationDate", S3Xml.Timestamp(bucket.Created))
                .Element("BucketRegion", bucket.Region).Element("BucketArn", $"arn:{Hosting.AwsPartitions.Of(bucket.Region)}:s3:::{bucket.Name}").Append("</Bucket>");
        }
        sb.Append("</Buckets>");
        if (buckets.Count > page.Count)
        {
            sb.Element("ContinuationToken", EncodeToken(page[^1].Name));
        }
        sb.Element("Prefix", prefix);
        return XmlAsync(call, S3Xml.End(sb, "ListAllMyBucketsResult"));
    }

    private Task ListObjectsV2Async(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var url = UrlEncoding(call);
        var prefix = call.Query("prefix") ?? "";
        var delimiter = NullIfEmpty(call.Query("delimiter"));
        var max = call.IntQuery("max-keys", MaxListKeys, 0, MaxListKeys);
        var startAfter = NullIfEmpty(call.Query("start-after"));
        var tokenText = call.Query("continuation-token");
        var token = DecodeToken(tokenText, "continuation-token");
        var after = token ?? startAfter;
        var fetchOwner = call.Query("fetch-owner")?.Equals("true", StringComparison.OrdinalIgnoreCase) == true;
        var page = s3.ListObjects(bucket.Name, prefix, delimiter, after, max);
        var sb = S3Xml.Start("ListBucketResult");
        sb.Element("Name", bucket.Name).Element("Prefix", Encode(prefix, url));
        if (delimiter is not null)
        {
            sb.Element("Delimiter", Encode(delimiter, url));
        }
        sb.Number("MaxKeys", max).Number("KeyCount", page.Entries.Count);
        if (url)
        {
            sb.Element("EncodingType", "url");
        }
        sb.Bool("IsTruncated", page.IsTruncated);
        if (tokenText is not null)
        {
            sb.Element("ContinuationToken", tokenText);
        }
        if (page.IsTruncated)
        {
            var last = page.Entries[^1];
            sb.Element("NextContinuationToken", EncodeToken(last.CommonPrefix ?? last.Object!.Key));
        }
        if (startAfter is not null)
        {
            sb.Element("StartAfter", Encode(startAfter, url));
        }
        WriteEntries(sb, page, url, fetchOwner);
        return XmlAsync(call, S3Xml.End(sb, "ListBucketResult"));
    }

    private Task ListObjectsAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var url = UrlEncoding(call);
        var prefix = call.Query("prefix") ?? "";
        var delimiter = NullIfEmpty(call.Query("delimiter"));
        var max = call.IntQuery("max-keys", MaxListKeys, 0, MaxListKeys);
        var marker = call.Query("marker") ?? "";
        var page = s3.ListObjects(bucket.Name, prefix, delimiter, NullIfEmpty(marker), max);
        var sb = S3Xml.Start("ListBucketResult");
        sb.Element("Name", bucket.Name).Element("Prefix", Encode(prefix, url)).Element("Marker", Encode(marker, url));
        // NextMarker only accompanies a delimiter; without one the client continues from the last key.
        if (page.IsTruncated && delimiter is not null)
        {
            var last = page.Entries[^1];
            sb.Element("NextMarker", Encode(last.CommonPrefix ?? last.Object!.Key, url));
        }
        sb.Number("MaxKeys", max);
        if (delimiter is not null)
        {
            sb.Element("Delimiter", Encode(delimiter, url));
        }
        if (url)
        {
            sb.Element("EncodingType", "url");
        }
        sb.Bool("IsTruncated", page.IsTruncated);
        WriteEntries(sb, page, url, owner: true);
        return XmlAsync(call, S3Xml.End(sb, "ListBucketResult"));
    }

    private void WriteEntries(StringBuilder sb, S3ListPage page, bool url, bool owner)
    {
        foreach (var entry in page.Entries)
        {
            if (entry.Object is not { } o)
            {
                continue;
            }
            sb.Append("<Contents>").Element("Key", Encode(o.Key, url)).Element("LastModified", S3Xml.Timestamp(o.LastModified)).Element("ETag", o.ETag);
            if (o.Checksum is { } checksum)
            {
                sb.Element("ChecksumAlgorithm", S3Checksums.Name(checksum.Algorithm)).Element("ChecksumType", checksum.Type);
            }
            sb.Number("Size", o.Size);
            if (owner)
            {
                sb.Owner(s3.Options.AccountId);
            }
            sb.Element("StorageClass", o.Headers.StorageClass).Append("</Contents>");
        }
        foreach (var entry in page.Entries)
        {
            if (entry.CommonPrefix is { } common)
            {
                sb.Append("<CommonPrefixes>").Element("Prefix", Encode(common, url)).Append("</CommonPrefixes>");
            }
        }
    }

    private Task ListObjectVersionsAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var url = UrlEncoding(call);
        var prefix = call.Query("prefix") ?? "";
        var delimiter = NullIfEmpty(call.Query("delimiter"));
        var max = call.IntQuery("max-keys", MaxListKeys, 0, MaxListKeys);
        var keyMarker = call.Query("key-marker") ?? "";
        var versionIdMarker = call.Query("version-id-marker") ?? "";
        if (versionIdMarker.Length > 0 && keyMarker.Length == 0)
        {
            throw S3Errors.InvalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", versionIdMarker);
        }
        var page = s3.ListObjectVersions(bucket.Name, prefix, delimiter, NullIfEmpty(keyMarker), NullIfEmpty(versionIdMarker), max);
        var sb = S3Xml.Start("ListVersionsResult");
        sb.Element("Name", bucket.Name).Element("Prefix", Encode(prefix, url)).Element("KeyMarker", Encode(keyMarker, url)).Element("VersionIdMarker", versionIdMarker);
        if (page.IsTruncated)
        {
            var last = page.Entries[^1];
            sb.Element("NextKeyMarker", Encode(last.CommonPrefix ?? last.Object!.Key, url));
            if (last.Object is { } o)
            {
                sb.Element("NextVersionIdMarker", o.VersionId);
            }
        }
        sb.Number("MaxKeys", max);
        if (delimiter is not null)
        {
            sb.Element("Delimiter", Encode(delimiter, url));
        }
        if (url)
        {
            sb.Element("EncodingType", "url");
        }
        sb.Bool("IsTruncated", page.IsTruncated);
        foreach (var entry in page.Entries)
        {
            if (entry.Object is not { } v)
            {
                continue;
            }
            if (v.IsDeleteMarker)
            {
                sb.Append("<DeleteMarker>").Element("Key", Encode(v.Key, url)).Element("VersionId", v.VersionId).Bool("IsLatest", entry.IsLatest)
                    .Element("LastModified", S3Xml.Timestamp(v.LastModified)).Owner(s3.Options.AccountId).Append("</DeleteMarker>");
                continue;
            }
            sb.Append("<Version>").Element("Key", Encode(v.Key, url)).Element("VersionId", v.VersionId).Bool("IsLatest", entry.IsLatest)
                .Element("LastModified", S3Xml.Timestamp(v.LastModified)).Element("ETag", v.ETag);
            if (v.Checksum is { } checksum)
            {
                sb.Element("ChecksumAlgorithm", S3Checksums.Name(checksum.Algorithm)).Element("ChecksumType", checksum.Type);
            }
            sb.Number("Size", v.Size).Element("StorageClass", v.Headers.StorageClass).Owner(s3.Options.AccountId).Append("</Version>");
        }
        foreach (var entry in page.Entries)
        {
            if (entry.CommonPrefix is { } common)
            {
                sb.Append("<CommonPrefixes>").Element("Prefix", Encode(common, url)).Append("</CommonPrefixes>");
            }
        }
        return XmlAsync(call, S3Xml.End(sb, "ListVersionsResult"));
    }

    private static bool UrlEncoding(S3Call call) => call.Query("encoding-type") switch
    {
        null => false,
        "url" => true,
        var other => throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", other),
    };

    /// <summary>encoding-type=url: percent-encoding that leaves '/' as is, as S3 writes keys.</summary>
    private static string Encode(string value, bool url) => url ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>Continuation tokens are opaque to clients: the last key or prefix returned, base64-encoded.</summary>
    private static string EncodeToken(string last) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + last));

    private static string? DecodeToken(string? token, string parameter)
    {
        if (token is null)
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("v1:", StringComparison.Ordinal))
            {
                return text[3..];
            }
        }
        catch (FormatException)
        {
        }
        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", parameter, token);
    }

    private Task ListMultipartUploadsAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var url = UrlEncoding(call);
        var prefix = call.Query("prefix") ?? "";
        var delimiter = NullIfEmpty(call.Query("delimiter"));
        var max = call.IntQuery("max-uploads", 1000, 1, 1000);
        var keyMarker = call.Query("key-marker") ?? "";
        var uploadIdMarker = call.Query("upload-id-marker") ?? "";
        var uploads = s3.ListMultipartUploads(bucket.Name).Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var entries = new List<(S3MultipartUpload? Upload, string? Common)>();
        var truncated = false;
        var passedMarker = keyMarker.Length == 0;
        var seenMarkerUpload = uploadIdMarker.Length == 0;
        foreach (var upload in uploads)
        {
            var order = S3KeyComparer.Instance.Compare(upload.Key, keyMarker);
            if (!passedMarker)
            {
                if (order < 0 || (order == 0 && uploadIdMarker.Length == 0))
                {
                    continue;
                }
                if (order == 0 && !seenMarkerUpload)
                {
                    seenMarkerUpload = upload.UploadId == uploadIdMarker;
                    continue;
                }
                passedMarker = true;
            }
            string? common = null;
            if (delimiter is not null && upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) is var at and >= 0)
            {
                common = upload.Key[..(at + delimiter.Length)];
                if (entries.Count > 0 && entries[^1].Common == common)
                {
                    continue;
                }
            }
            if (entries.Count >= max)
            {
                truncated = true;
                break;
            }
            entries.Add(common is null ? (upload, null) : (null, common));
        }
        var sb = S3Xml.Start("ListMultipartUploadsResult");
        sb.Element("Bucket", bucket.Name).Element("KeyMarker", Encode(keyMarker, url)).Element("UploadIdMarker", uploadIdMarker);
        if (truncated)
        {
            var last = entries[^1];
            sb.Element("NextKeyMarker", Encode(last.Common ?? last.Upload!.Key, url)).Element("NextUploadIdMarker", last.Upload?.UploadId ?? "");
        }
        sb.Element("Prefix", Encode(prefix, url));
        if (delimiter is not null)
        {
            sb.Element("Delimiter", Encode(delimiter, url));
        }
        sb.Number("MaxUploads", max).Bool("IsTruncated", truncated);
        if (url)
        {
            sb.Element("EncodingType", "url");
        }
        foreach (var (upload, _) in entries)
        {
            if (upload is null)
            {
                continue;
            }
            sb.Append("<Upload>").Element("Key", Encode(upload.Key, url)).Element("UploadId", upload.UploadId);
            Initiator(sb);
            sb.Owner(s3.Options.AccountId).Element("StorageClass", upload.Headers.StorageClass).Element("Initiated", S3Xml.Timestamp(upload.Initiated));
            if (upload.ChecksumAlgorithm is { } algorithm)
            {
                sb.Element("ChecksumAlgorithm", S3Checksums.Name(algorithm)).Element("ChecksumType", upload.FullObjectChecksum ? "FULL_OBJECT" : "COMPOSITE");
            }
            sb.Append("</Upload>");
        }
        foreach (var (_, common) in entries)
        {
            if (common is not null)
            {
                sb.Append("<CommonPrefixes>").Element("Prefix", Encode(common, url)).Append("</CommonPrefixes>");
            }
        }
        return XmlAsync(call, S3Xml.End(sb, "ListMultipartUploadsResult"));
    }

    private void Initiator(StringBuilder sb) =>
        sb.Append("<Initiator><ID>").Append(S3Xml.CanonicalId(s3.Options.AccountId)).Append("</ID><DisplayName>local</DisplayName></Initiator>");

    private Task ListPartsAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var uploadId = call.Query("uploadId")!;
        var (upload, parts) = s3.ListParts(bucket.Name, call.RequiredKey, uploadId);
        var max = call.IntQuery("max-parts", 1000, 0, 1000);
        var marker = call.IntQuery("part-number-marker", 0, 0, S3Service.MaxPartNumber);
        var after = parts.Where(p => p.PartNumber > marker).ToList();
        var page = after.Take(max).ToList();
        var truncated = after.Count > page.Count;
        var sb = S3Xml.Start("ListPartsResult");
        sb.Element("Bucket", bucket.Name).Element("Key", upload.Key).Element("UploadId", upload.UploadId);
        Initiator(sb);
        sb.Owner(s3.Options.AccountId).Element("StorageClass", upload.Headers.StorageClass)
            .Number("PartNumberMarker", marker);
        if (page.Count > 0)
        {
            sb.Number("NextPartNumberMarker", page[^1].PartNumber);
        }
        sb.Number("MaxParts", max).Bool("IsTruncated", truncated);
        foreach (var part in page)
        {
            sb.Append("<Part>").Number("PartNumber", part.PartNumber).Element("LastModified", S3Xml.Timestamp(part.LastModified))
                .Element("ETag", part.ETag).Number("Size", part.Size);
            if (upload.ChecksumAlgorithm is { } algorithm && part.Checksum is { } checksum)
            {
                sb.Element(S3Checksums.ElementName(algorithm), checksum);
            }
            sb.Append("</Part>");
        }
        if (upload.ChecksumAlgorithm is { } a)
        {
            sb.Element("ChecksumAlgorithm", S3Checksums.Name(a)).Element("ChecksumType", upload.FullObjectChecksum ? "FULL_OBJECT" : "COMPOSITE");
        }
        return XmlAsync(call, S3Xml.End(sb, "ListPartsResult"));
    }

}
