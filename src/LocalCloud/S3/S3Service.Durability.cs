using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// The data directory: buckets, versions and uploads are loaded once, and every change is written to
/// the store before it is applied in memory (under the bucket's lock), so what S3 acknowledged is
/// what a restarted host finds. Bodies are files the blob store synced to disk before the row naming
/// them commits; a file no row names (a crash between the two, or after a delete committed) is
/// removed at start.
/// </summary>
internal sealed partial class S3Service
{
    private void Load(DurableStore store)
    {
        var stored = store.LoadS3();
        foreach (var kept in stored.Buckets)
        {
            _buckets[kept.Name] = new S3Bucket(kept.Name, kept.Region, kept.Created, kept.Settings);
        }
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, version) in stored.Versions)
        {
            var bucket = _buckets[name];
            if (!bucket.Objects.TryGetValue(version.Key, out var versions))
            {
                versions = [];
                bucket.Objects[version.Key] = versions;
                bucket.Keys.Add(version.Key);
            }
            versions.Add(version);
            if (version.BlobId is { } blob)
            {
                referenced.Add(blob);
            }
        }
        foreach (var (name, upload) in stored.Uploads)
        {
            _buckets[name].Uploads[upload.UploadId] = upload;
        }
        foreach (var (name, uploadId, part) in stored.Parts)
        {
            _buckets[name].Uploads[uploadId].Parts[part.PartNumber] = part;
            referenced.Add(part.BlobId);
        }
        Blobs.RemoveUnreferenced(referenced);
    }

    /// <summary>
    /// Replaces a key's versions (newest first) by <paramref name="after"/>, under the bucket's lock:
    /// the difference from <paramref name="before"/> is committed to the store first (one
    /// transaction, with the upload a completion finished), then the key's list is swapped in memory.
    /// A failed commit throws and changes nothing in memory.
    /// </summary>
    private void Commit(S3Bucket bucket, string key, List<S3ObjectVersion>? before, List<S3ObjectVersion> after, string? completedUpload = null)
    {
        if (_store is not null)
        {
            var old = (before ?? []).ToDictionary(v => v.VersionId, StringComparer.Ordinal);
            var kept = after.Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal);
            var removed = old.Keys.Where(id => !kept.Contains(id)).ToList();
            var retagged = new List<S3ObjectVersion>();
            var added = new List<S3ObjectVersion>();
            foreach (var version in after)
            {
                if (!old.TryGetValue(version.VersionId, out var previous))
                {
                    added.Add(version);
                }
                else if (!ReferenceEquals(previous, version))
                {
                    // Only the tags changed: the row keeps its place. Anything else (a suspended bucket's
                    // new "null" version) is a new version: the old row goes, a new one (the newest) comes.
                    if ((version with { Tags = previous.Tags }).Equals(previous))
                    {
                        retagged.Add(version);
                    }
                    else
                    {
                        removed.Add(version.VersionId);
                        added.Add(version);
                    }
                }
            }
            added.Reverse();
            _store.SaveKeyChange(bucket.Name, key, removed, retagged, added, completedUpload);
        }
        if (after.Count == 0)
        {
            bucket.Objects.Remove(key);
            bucket.Keys.Remove(key);
        }
        else
        {
            bucket.Objects[key] = after;
            bucket.Keys.Add(key);
        }
        if (completedUpload is not null)
        {
            bucket.Uploads.Remove(completedUpload);
        }
    }
}
