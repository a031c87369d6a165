using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3Service
{
    /// <summary>Every part but the last must be at least 5 MiB, as on AWS.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public const int MaxPartNumber = 10_000;

    public S3MultipartUpload CreateMultipartUpload(string bucketName, string key, S3ObjectHeaders headers, IReadOnlyDictionary<string, string> tags, S3ChecksumAlgorithm? algorithm, string? checksumType)
    {
        CheckKey(key);
        var bucket = Bucket(bucketName);
        var fullObject = algorithm == S3ChecksumAlgorithm.Crc64Nvme;
        if (checksumType is not null)
        {
            if (checksumType is not ("FULL_OBJECT" or "COMPOSITE"))
            {
                throw S3Errors.InvalidRequest("Value for x-amz-checksum-type header is invalid.");
            }
            if (algorithm is null)
            {
                throw S3Errors.InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
            }
            fullObject = checksumType == "FULL_OBJECT";
            if (fullObject ? !S3Checksums.SupportsFullObject(algorithm.Value) : !S3Checksums.SupportsComposite(algorithm.Value))
            {
                throw S3Errors.InvalidRequest($"The {checksumType} checksum type cannot be used with the {S3Checksums.Name(algorithm.Value).ToLowerInvariant()} checksum algorithm.");
            }
        }
        var upload = new S3MultipartUpload
        {
            UploadId = NewUploadId(),
            Key = key,
            Initiated = Now,
            Headers = headers,
            Tags = tags,
            ChecksumAlgorithm = algorithm,
            FullObjectChecksum = fullObject,
        };
        lock (bucket.Gate)
        {
            _store?.SaveUpload(bucket.Name, upload);
            bucket.Uploads[upload.UploadId] = upload;
        }
        return upload;
    }

    private static string NewUploadId()
    {
        Span<byte> bytes = stackalloc byte[48];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '.').Replace('/', '_');
    }

    private static S3MultipartUpload FindUpload(S3Bucket bucket, string key, string uploadId) =>
        bucket.Uploads.TryGetValue(uploadId, out var upload) && upload.Key == key && !upload.Completing ? upload : throw S3Errors.NoSuchUpload(uploadId);

    /// <summary>UploadPart: streams the part to a blob (replacing an earlier part of the same number).</summary>
    public async Task<S3UploadedPart> UploadPartAsync(string bucketName, string key, string uploadId, int partNumber, Stream body, S3BodyChecks checks, CancellationToken cancellationToken = default)
    {
        CheckPartNumber(partNumber);
        var bucket = Bucket(bucketName);
        S3ChecksumAlgorithm? algorithm;
        lock (bucket.Gate)
        {
            algorithm = FindUpload(bucket, key, uploadId).ChecksumAlgorithm;
        }
        if (algorithm is { } expected && checks.Algorithm is { } given && given != expected)
        {
            throw S3Errors.InvalidRequest($"Checksum Type mismatch occurred, expected checksum Type: {S3Checksums.Name(expected).ToLowerInvariant()}, actual checksum Type: {S3Checksums.Name(given).ToLowerInvariant()}");
        }
        var written = await S3BodyWriter.WriteAsync(Blobs, body, checks with { Algorithm = checks.Algorithm ?? algorithm }, cancellationToken).ConfigureAwait(false);
        await using (written.Blob.ConfigureAwait(false))
        {
            var blobId = await written.Blob.CommitAsync().ConfigureAwait(false);
            var checksum = algorithm is not null || written.ChecksumDeclared ? written.ChecksumBase64 : null;
            return AddPart(bucket, key, uploadId, new S3UploadedPart(partNumber, blobId, written.Size, written.ETag, written.Md5, Now, checksum));
        }
    }

    /// <summary>UploadPartCopy: a byte range (or all) of an existing object becomes a part.</summary>
    public async Task<S3UploadedPart> UploadPartCopyAsync(string bucketName, string key, string uploadId, int partNumber, S3CopySource source, CancellationToken cancellationToken = default)
    {
        CheckPartNumber(partNumber);
        var bucket = Bucket(bucketName);
        S3ChecksumAlgorithm? algorithm;
        lock (bucket.Gate)
        {
            algorithm = FindUpload(bucket, key, uploadId).ChecksumAlgorithm;
        }
        await using var read = OpenCopySource(source);
        var (offset, length) = source.Range is { } range ? range.Resolve(read.Version.Size, forCopy: true) : (0, read.Version.Size);
        read.Body.Seek(offset, SeekOrigin.Begin);
        await using var slice = new S3SliceStream(read.Body, length);
        var written = await S3BodyWriter.WriteAsync(Blobs, slice, new S3BodyChecks { Algorithm = algorithm, Length = length }, cancellationToken).ConfigureAwait(false);
        await using (written.Blob.ConfigureAwait(false))
        {
            var blobId = await written.Blob.CommitAsync().ConfigureAwait(false);
            return AddPart(bucket, key, uploadId, new S3UploadedPart(partNumber, blobId, written.Size, written.ETag, written.Md5, Now, algorithm is null ? null : written.ChecksumBase64));
        }
    }

    private S3UploadedPart AddPart(S3Bucket bucket, string key, string uploadId, S3UploadedPart part)
    {
        string? replaced = null;
        lock (bucket.Gate)
        {
            if (!bucket.Uploads.TryGetValue(uploadId, out var upload) || upload.Key != key || upload.Completing)
            {
                // Aborted or completed while the part was streaming: the part goes too.
                Blobs.Delete(part.BlobId);
                throw S3Errors.NoSuchUpload(uploadId);
            }
            if (upload.Parts.TryGetValue(part.PartNumber, out var previous))
            {
                replaced = previous.BlobId;
            }
            try
            {
                _store?.SavePart(bucket.Name, uploadId, part);
            }
            catch
            {
                Blobs.Delete(part.BlobId);
                throw;
            }
            upload.Parts[part.PartNumber] = part;
        }
        Blobs.Delete(replaced);
        return part;
    }

    private static void CheckPartNumber(int partNumber)
    {
        if (partNumber is < 1 or > MaxPartNumber)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumber.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// CompleteMultipartUpload with AWS's rules: parts listed in ascending order, each uploaded with the
    /// given ETag (and checksum, if given), each but the last at least 5 MiB. The parts are joined into
    /// one blob (streamed); the ETag is the MD5 of the parts' MD5s with <c>-N</c>; the checksum is the
    /// composite of the parts' checksums, or the whole object's (FULL_OBJECT, and S3's default CRC64NVME).
    /// </summary>
    public async Task<S3ObjectVersion> CompleteMultipartUploadAsync(string bucketName, string key, string uploadId, IReadOnlyList<S3CompletedPart> requested, string? ifNoneMatch = null, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var bucket = Bucket(bucketName);
        S3MultipartUpload upload;
        List<S3UploadedPart> parts;
        lock (bucket.Gate)
        {
            upload = FindUpload(bucket, key, uploadId);
            parts = SelectParts(upload, requested);
            CheckWriteConditions(bucket, key, ifNoneMatch, ifMatch);
            upload.Completing = true;
        }
        try
        {
            var version = await JoinPartsAsync(upload, parts, cancellationToken).ConfigureAwait(false);
            // The new version and the upload's end are one commit: after a crash either the upload is still there or the object is.
            version = Install(bucket, version, ifNoneMatch, ifMatch, uploadId);
            List<string> unused;
            lock (bucket.Gate)
            {
                unused = upload.Parts.Values.Select(p => p.BlobId).ToList();
            }
            foreach (var blob in unused)
            {
                Blobs.Delete(blob);
            }
            return version;
        }
        catch
        {
            lock (bucket.Gate)
            {
                upload.Completing = false;
            }
            throw;
        }
    }

    private static List<S3UploadedPart> SelectParts(S3MultipartUpload upload, IReadOnlyList<S3CompletedPart> requested)
    {
        if (requested.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }
        var parts = new List<S3UploadedPart>(requested.Count);
        var previous = 0;
        foreach (var want in requested)
        {
            if (want.PartNumber <= previous)
            {
                throw new S3Exception("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
                    .With("UploadId", upload.UploadId);
            }
            previous = want.PartNumber;
            if (!upload.Parts.TryGetValue(want.PartNumber, out var part)
                || !S3Conditions.ETagMatches(want.ETag, part.ETag) || want.ETag.Trim() == "*"
                || (want.Checksum is not null && upload.ChecksumAlgorithm is not null && want.Checksum != part.Checksum))
            {
                throw new S3Exception("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
                    .With("UploadId", upload.UploadId).With("PartNumber", want.PartNumber.ToString(CultureInfo.InvariantCulture)).With("ETag", want.ETag);
            }
            parts.Add(part);
        }
        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                throw new S3Exception("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
                    .With("ProposedSize", parts[i].Size.ToString(CultureInfo.InvariantCulture))
                    .With("MinSizeAllowed", MinPartSize.ToString(CultureInfo.InvariantCulture))
                    .With("PartNumber", parts[i].PartNumber.ToString(CultureInfo.InvariantCulture))
                    .With("ETag", parts[i].ETag.Trim('"'));
            }
        }
        return parts;
    }

    private async Task<S3ObjectVersion> JoinPartsAsync(S3MultipartUpload upload, List<S3UploadedPart> parts, CancellationToken cancellationToken)
    {
        var algorithm = upload.ChecksumAlgorithm ?? S3ChecksumAlgorithm.Crc64Nvme;
        var fullObject = upload.ChecksumAlgorithm is null || upload.FullObjectChecksum;
        var pending = Blobs.Create();
        await using (pending.ConfigureAwait(false))
        {
            using var whole = fullObject ? S3Checksums.Create(algorithm) : null;
            var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            long size = 0;
            try
            {
                foreach (var part in parts)
                {
                    await using var input = Blobs.Open(part.BlobId);
                    int n;
                    while ((n = await input.ReadAsync(buffer.AsMemory(0, 256 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        whole?.Append(buffer.AsSpan(0, n));
                        await pending.Stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        size += n;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            var md5s = new byte[parts.Count * 16];
            for (var i = 0; i < parts.Count; i++)
            {
                parts[i].Md5.CopyTo(md5s, i * 16);
            }
            var etag = "\"" + Convert.ToHexStringLower(MD5.HashData(md5s)) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture) + "\"";
            string checksum;
            if (whole is not null)
            {
                checksum = Convert.ToBase64String(whole.Finish());
            }
            else
            {
                using var composite = S3Checksums.Create(algorithm);
                foreach (var part in parts)
                {
                    composite.Append(part.Checksum is { } c ? Convert.FromBase64String(c) : await DigestAsync(algorithm, part.BlobId, cancellationToken).ConfigureAwait(false));
                }
                checksum = Convert.ToBase64String(composite.Finish()) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
            }
            var blobId = await pending.CommitAsync().ConfigureAwait(false);
            return new S3ObjectVersion
            {
                Key = upload.Key,
                VersionId = S3ObjectVersion.NullVersion,
                LastModified = Now,
                Size = size,
                ETag = etag,
                BlobId = blobId,
                Headers = upload.Headers,
                Tags = upload.Tags,
                Checksum = new S3Checksum(algorithm, checksum, fullObject),
                Parts = parts.Select(p => new S3ObjectPart(p.PartNumber, p.Size, p.ETag, upload.ChecksumAlgorithm is null ? null : p.Checksum)).ToList(),
            };
        }
    }

    /// <summary>The digest of a stored part (a part uploaded without the upload's checksum, e.g. by an older client).</summary>
    private async Task<byte[]> DigestAsync(S3ChecksumAlgorithm algorithm, string blobId, CancellationToken cancellationToken)
    {
        using var hasher = S3Checksums.Create(algorithm);
        await using var input = Blobs.Open(blobId);
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            int n;
            while ((n = await input.ReadAsync(buffer.AsMemory(0, 256 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hasher.Finish();
    }

    /// <summary>AbortMultipartUpload: the upload and every part received are deleted.</summary>
    public void AbortMultipartUpload(string bucketName, string key, string uploadId)
    {
        var bucket = Bucket(bucketName);
        List<string> blobs;
        lock (bucket.Gate)
        {
            var upload = FindUpload(bucket, key, uploadId);
            _store?.DeleteUpload(bucket.Name, uploadId);
            bucket.Uploads.Remove(uploadId);
            blobs = upload.Parts.Values.Select(p => p.BlobId).ToList();
        }
        foreach (var blob in blobs)
        {
            Blobs.Delete(blob);
        }
    }

    /// <summary>An upload and a snapshot of its parts, for ListParts.</summary>
    public (S3MultipartUpload Upload, IReadOnlyList<S3UploadedPart> Parts) ListParts(string bucketName, string key, string uploadId)
    {
        var bucket = Bucket(bucketName);
        lock (bucket.Gate)
        {
            var upload = FindUpload(bucket, key, uploadId);
            return (upload, upload.Parts.Values.ToList());
        }
    }

    /// <summary>The uploads in progress, by key then initiation time, for ListMultipartUploads.</summary>
    public IReadOnlyList<S3MultipartUpload> ListMultipartUploads(string bucketName)
    {
        var bucket = Bucket(bucketName);
        lock (bucket.Gate)
        {
            return bucket.Uploads.Values.Where(u => !u.Completing)
                .OrderBy(u => u.Key, S3KeyComparer.Instance).ThenBy(u => u.Initiated).ThenBy(u => u.UploadId, StringComparer.Ordinal).ToList();
        }
    }
}
