namespace Sluice.LocalCloud.S3;

internal sealed partial class S3Service
{
    /// <summary>
    /// CopyObject: streams the source version into a new blob (a fresh MD5 ETag, as a single-request
    /// copy gets on AWS) and installs it under the destination key, with the source's or new metadata.
    /// </summary>
    public async Task<(S3ObjectVersion Version, string SourceVersionId)> CopyObjectAsync(string bucketName, string key, S3CopySource source, S3CopyRequest request, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        var bucket = Bucket(bucketName);
        await using var read = OpenCopySource(source);
        var from = read.Version;
        if (source.Bucket == bucketName && source.Key == key && !request.ReplaceMetadata && !request.ChangesStorage
            && (source.VersionId is null || source.VersionId == HeadObject(bucketName, key).VersionId))
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        var algorithm = request.ChecksumAlgorithm ?? from.Checksum?.Algorithm;
        var written = await S3BodyWriter.WriteAsync(Blobs, read.Body, new S3BodyChecks { Algorithm = algorithm, Length = from.Size }, cancellationToken).ConfigureAwait(false);
        await using (written.Blob.ConfigureAwait(false))
        {
            var blobId = await written.Blob.CommitAsync().ConfigureAwait(false);
            var version = new S3ObjectVersion
            {
                Key = key,
                VersionId = S3ObjectVersion.NullVersion,
                LastModified = Now,
                Size = written.Size,
                ETag = written.ETag,
                BlobId = blobId,
                Headers = request.ReplaceMetadata ? request.Headers ?? new S3ObjectHeaders() : from.Headers,
                Tags = request.ReplaceTags ? request.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal) : from.Tags,
                Checksum = new S3Checksum(written.Algorithm, written.ChecksumBase64, FullObject: true),
            };
            return (Install(bucket, version), from.VersionId);
        }
    }

    /// <summary>Opens a copy source, checking its x-amz-copy-source-if-* conditions (each failure is 412).</summary>
    private S3ObjectRead OpenCopySource(S3CopySource source)
    {
        var read = OpenObject(source.Bucket, source.Key, source.VersionId);
        try
        {
            if (S3Conditions.Evaluate(read.Version, source.IfMatch, source.IfNoneMatch, source.IfModifiedSince, source.IfUnmodifiedSince, "x-amz-copy-source-") == 304)
            {
                throw S3Errors.PreconditionFailed(source.IfNoneMatch is not null ? "x-amz-copy-source-If-None-Match" : "x-amz-copy-source-If-Modified-Since");
            }
            return read;
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }
}
