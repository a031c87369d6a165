namespace Sluice.LocalCloud.S3;

internal sealed partial class S3Service
{
    /// <summary>
    /// PutObject: streams <paramref name="body"/> to a new blob, checks it, and only then makes it the
    /// key's current version (or a new version). A failed check or a cancelled upload changes nothing.
    /// </summary>
    public async Task<S3ObjectVersion> PutObjectAsync(string bucketName, string key, Stream body, S3PutRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= S3PutRequest.Default;
        CheckKey(key);
        var bucket = Bucket(bucketName);
        var written = await S3BodyWriter.WriteAsync(Blobs, body, request.Checks, cancellationToken).ConfigureAwait(false);
        await using (written.Blob.ConfigureAwait(false))
        {
            lock (bucket.Gate)
            {
                CheckWriteConditions(bucket, key, request.IfNoneMatch, request.IfMatch);
            }
            var blobId = await written.Blob.CommitAsync().ConfigureAwait(false);
            var version = new S3ObjectVersion
            {
                Key = key,
                VersionId = S3ObjectVersion.NullVersion,
                LastModified = Now,
                Size = written.Size,
                ETag = written.ETag,
                BlobId = blobId,
                Headers = request.Headers,
                Tags = request.Tags,
                Checksum = new S3Checksum(written.Algorithm, written.ChecksumBase64, FullObject: true),
            };
            return Install(bucket, version, request.IfNoneMatch, request.IfMatch);
        }
    }

    /// <summary>The in-process form of PutObject for bytes already in memory (small documents).</summary>
    public async Task<S3ObjectVersion> PutObjectAsync(string bucketName, string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        return await PutObjectAsync(bucketName, key, stream, new S3PutRequest { Headers = new S3ObjectHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a committed version current, under the bucket's lock: the conditions are checked again
    /// (another writer may have won meanwhile), the version id assigned by the bucket's versioning state,
    /// and the blob of a replaced version deleted. If the conditions fail now, the new blob is deleted.
    /// </summary>
    /// <param name="completedUpload">The multipart upload this version completes: it goes in the same commit.</param>
    private S3ObjectVersion Install(S3Bucket bucket, S3ObjectVersion version, string? ifNoneMatch = null, string? ifMatch = null, string? completedUpload = null)
    {
        string? replacedBlob = null;
        lock (bucket.Gate)
        {
            try
            {
                CheckWriteConditions(bucket, version.Key, ifNoneMatch, ifMatch);
            }
            catch
            {
                Blobs.Delete(version.BlobId);
                throw;
            }
            bucket.Objects.TryGetValue(version.Key, out var before);
            List<S3ObjectVersion> versions = before is null ? [] : [.. before];
            switch (bucket.Settings.Versioning)
            {
                case "Enabled":
                    version = version with { VersionId = NewVersionId() };
                    break;
                default:
                    // Unversioned and suspended buckets keep one "null" version per key, replaced on write.
                    var nullIndex = versions.FindIndex(v => v.VersionId == S3ObjectVersion.NullVersion);
                    if (nullIndex >= 0)
                    {
                        replacedBlob = versions[nullIndex].BlobId;
                        versions.RemoveAt(nullIndex);
                    }
                    break;
            }
            versions.Insert(0, version);
            try
            {
                Commit(bucket, version.Key, before, versions, completedUpload);
            }
            catch
            {
                Blobs.Delete(version.BlobId);
                throw;
            }
        }
        Blobs.Delete(replacedBlob);
        return version;
    }

    private static void CheckWriteConditions(S3Bucket bucket, string key, string? ifNoneMatch, string? ifMatch)
    {
        var current = bucket.Current(key);
        if (ifNoneMatch is not null && current is not null)
        {
            throw S3Errors.PreconditionFailed("If-None-Match");
        }
        if (ifMatch is not null)
        {
            if (current is null)
            {
                throw S3Errors.NoSuchKey(key);
            }
            if (!S3Conditions.ETagMatches(ifMatch, current.ETag))
            {
                throw S3Errors.PreconditionFailed("If-Match");
            }
        }
    }

    /// <summary>The version a read names: the current one, or a given version id (a delete marker is 405 then).</summary>
    public S3ObjectVersion HeadObject(string bucketName, string key, string? versionId = null)
    {
        var bucket = Bucket(bucketName);
        lock (bucket.Gate)
        {
            return Find(bucket, key, versionId);
        }
    }

    private static S3ObjectVersion Find(S3Bucket bucket, string key, string? versionId)
    {
        if (versionId is not null)
        {
            CheckVersionId(versionId);
        }
        if (!bucket.Objects.TryGetValue(key, out var versions) || versions.Count == 0)
        {
            throw versionId is null ? S3Errors.NoSuchKey(key) : S3Errors.NoSuchVersion(key, versionId);
        }
        if (versionId is null)
        {
            var latest = versions[0];
            if (latest.IsDeleteMarker)
            {
                throw S3Errors.NoSuchKey(key).WithHeader("x-amz-delete-marker", "true").WithHeader("x-amz-version-id", latest.VersionId);
            }
            return latest;
        }
        var version = versions.Find(v => v.VersionId == versionId) ?? throw S3Errors.NoSuchVersion(key, versionId);
        if (version.IsDeleteMarker)
        {
            throw S3Errors.MethodNotAllowed("GET", "DeleteMarker").WithHeader("x-amz-delete-marker", "true").WithHeader("x-amz-version-id", version.VersionId);
        }
        return version;
    }

    /// <summary>
    /// GetObject for in-process callers and the HTTP API: the version and its body, opened while the
    /// bucket's lock is held, so a concurrent overwrite or delete cannot take the file away.
    /// </summary>
    public S3ObjectRead OpenObject(string bucketName, string key, string? versionId = null)
    {
        var bucket = Bucket(bucketName);
        lock (bucket.Gate)
        {
            var version = Find(bucket, key, versionId);
            return new S3ObjectRead(version, Blobs.Open(version.BlobId!));
        }
    }

    /// <summary>The in-process GetObject: metadata and a stream of the whole body; dispose the result.</summary>
    public Task<S3ObjectRead> GetObjectAsync(string bucketName, string key, string? versionId = null) =>
        Task.FromResult(OpenObject(bucketName, key, versionId));

    /// <summary>
    /// DeleteObject. Without a version id: unversioned buckets remove the object, versioned ones add a
    /// delete marker (suspended ones a "null" marker replacing the null version). With one: that version
    /// (or marker) is removed for good. Deleting what does not exist succeeds, as on AWS.
    /// </summary>
    public S3DeleteOutcome DeleteObject(string bucketName, string key, string? versionId = null)
    {
        var bucket = Bucket(bucketName);
        string? freed = null;
        S3DeleteOutcome outcome;
        lock (bucket.Gate)
        {
            if (versionId is not null)
            {
                CheckVersionId(versionId);
            }
            bucket.Objects.TryGetValue(key, out var before);
            List<S3ObjectVersion>? versions = before is null ? null : [.. before];
            if (versionId is not null)
            {
                var index = versions?.FindIndex(v => v.VersionId == versionId) ?? -1;
                if (index < 0)
                {
                    return new S3DeleteOutcome(versionId, false);
                }
                var removed = versions![index];
                versions.RemoveAt(index);
                freed = removed.BlobId;
                outcome = new S3DeleteOutcome(versionId, removed.IsDeleteMarker);
            }
            else if (bucket.Settings.Versioning is null)
            {
                if (versions is null)
                {
                    return new S3DeleteOutcome(null, false);
                }
                freed = versions[0].BlobId;
                versions.Clear();
                outcome = new S3DeleteOutcome(null, false);
            }
            else
            {
                versions ??= [];
                var markerId = S3ObjectVersion.NullVersion;
                if (bucket.Settings.Versioning == "Enabled")
                {
                    markerId = NewVersionId();
                }
                else
                {
                    var nullIndex = versions.FindIndex(v => v.VersionId == S3ObjectVersion.NullVersion);
                    if (nullIndex >= 0)
                    {
                        freed = versions[nullIndex].BlobId;
                        versions.RemoveAt(nullIndex);
                    }
                }
                versions.Insert(0, new S3ObjectVersion { Key = key, VersionId = markerId, IsDeleteMarker = true, LastModified = Now });
                outcome = new S3DeleteOutcome(markerId, true);
            }
            Commit(bucket, key, before, versions ?? []);
        }
        Blobs.Delete(freed);
        return outcome;
    }

    /// <summary>Replaces a version's tag set (PutObjectTagging / DeleteObjectTagging); returns the version id.</summary>
    public string SetObjectTags(string bucketName, string key, string? versionId, IReadOnlyDictionary<string, string> tags)
    {
        var bucket = Bucket(bucketName);
        lock (bucket.Gate)
        {
            var version = Find(bucket, key, versionId);
            var before = bucket.Objects[key];
            var versions = new List<S3ObjectVersion>(before);
            versions[versions.IndexOf(version)] = version with { Tags = tags };
            Commit(bucket, key, before, versions);
            return version.VersionId;
        }
    }
}
