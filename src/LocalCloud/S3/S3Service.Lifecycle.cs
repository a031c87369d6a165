namespace Sluice.LocalCloud.S3;

/// <summary>
/// Lifecycle expiration on the cloud's clock: each bucket's enabled rules expire current versions
/// (Days or Date), remove noncurrent versions (NoncurrentDays, keeping NewerNoncurrentVersions),
/// remove expired object delete markers and abort old multipart uploads. Transitions change nothing
/// here (there are no storage classes to move between).
/// </summary>
internal sealed partial class S3Service
{
    private CancellationTokenSource? _lifecycleStop;

    /// <summary>
    /// Runs <see cref="ApplyLifecycle"/> every <paramref name="interval"/> of wall time until disposed (AWS
    /// runs it about daily; here time is the clock's). A pass that fails (the store refusing a write) is
    /// logged and the next pass tries again: what it did not commit is still in place.
    /// </summary>
    public void StartLifecycle(TimeSpan interval, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (_lifecycleStop is not null)
        {
            return;
        }
        var stop = _lifecycleStop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        ApplyLifecycle();
                    }
#pragma warning disable CA1031 // The background pass must outlive any one failure; the failure is logged and the next pass retries.
                    catch (Exception e) when (e is not ObjectDisposedException)
#pragma warning restore CA1031
                    {
                        LogLifecycleFailed(logger, e);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // Disposed.
            }
        });
    }

    /// <summary>One pass of every bucket's lifecycle rules at the clock's now; returns how many versions, markers and uploads it removed or expired.</summary>
    public int ApplyLifecycle()
    {
        var now = Now;
        var changed = 0;
        foreach (var bucket in _buckets.Values)
        {
            if (bucket.Settings.LifecycleXml is not { } xml)
            {
                continue;
            }
            var rules = S3LifecycleRule.Parse(xml);
            if (rules.Count == 0)
            {
                continue;
            }
            var freed = new List<string?>();
            lock (bucket.Gate)
            {
                foreach (var key in bucket.Keys.ToList())
                {
                    changed += Expire(bucket, key, rules, now, freed);
                }
                foreach (var upload in bucket.Uploads.Values.ToList())
                {
                    if (!upload.Completing && rules.Any(r => r.AbortAfterDays is { } days && upload.Key.StartsWith(r.Prefix, StringComparison.Ordinal)
                        && S3LifecycleRule.Due(upload.Initiated, days) <= now))
                    {
                        _store?.DeleteUpload(bucket.Name, upload.UploadId);
                        bucket.Uploads.Remove(upload.UploadId);
                        freed.AddRange(upload.Parts.Values.Select(p => p.BlobId));
                        changed++;
                    }
                }
            }
            foreach (var blob in freed)
            {
                Blobs.Delete(blob);
            }
        }
        return changed;
    }

    /// <summary>Applies the rules to one key's versions (newest first), under the bucket's lock; the key's change is one commit.</summary>
    private int Expire(S3Bucket bucket, string key, IReadOnlyList<S3LifecycleRule> rules, DateTimeOffset now, List<string?> freed)
    {
        var before = bucket.Objects[key];
        List<S3ObjectVersion> versions = [.. before];
        var freedHere = new List<string?>();
        var changed = 0;
        // Noncurrent versions first, by when their successor made them noncurrent.
        foreach (var rule in rules.Where(r => r.NoncurrentDays is not null))
        {
            var kept = 0;
            for (var i = 1; i < versions.Count; i++)
            {
                var version = versions[i];
                if (!rule.Matches(key, version))
                {
                    continue;
                }
                if (kept < (rule.NewerNoncurrentVersions ?? 0))
                {
                    kept++;
                    continue;
                }
                if (S3LifecycleRule.Due(versions[i - 1].LastModified, rule.NoncurrentDays!.Value) <= now)
                {
                    freedHere.Add(version.BlobId);
                    versions.RemoveAt(i--);
                    changed++;
                }
            }
        }
        // The current version: expired into a delete marker (versioned) or removed (unversioned).
        if (versions.Count > 0 && versions[0] is { IsDeleteMarker: false } current
            && rules.Any(r => r.Matches(key, current) && ((r.ExpirationDays is { } days && S3LifecycleRule.Due(current.LastModified, days) <= now) || r.ExpirationDate <= now)))
        {
            switch (bucket.Settings.Versioning)
            {
                case null:
                    freedHere.Add(current.BlobId);
                    versions.RemoveAt(0);
                    break;
                case "Enabled":
                    versions.Insert(0, new S3ObjectVersion { Key = key, VersionId = NewVersionId(), IsDeleteMarker = true, LastModified = now });
                    break;
                default:
                    var nullIndex = versions.FindIndex(v => v.VersionId == S3ObjectVersion.NullVersion);
                    if (nullIndex >= 0)
                    {
                        freedHere.Add(versions[nullIndex].BlobId);
                        versions.RemoveAt(nullIndex);
                    }
                    versions.Insert(0, new S3ObjectVersion { Key = key, VersionId = S3ObjectVersion.NullVersion, IsDeleteMarker = true, LastModified = now });
                    break;
            }
            changed++;
        }
        // A delete marker with no versions left behind it is removed when a rule asks for it.
        if (versions is [{ IsDeleteMarker: true } marker] && rules.Any(r => r.ExpiredObjectDeleteMarker && r.Matches(key, marker)))
        {
            versions.Clear();
            changed++;
        }
        if (changed > 0)
        {
            // Committed first: a failed write leaves the key as it was, its bodies in place.
            Commit(bucket, key, before, versions);
            freed.AddRange(freedHere);
        }
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "S3 lifecycle pass failed; the next pass retries")]
    private static partial void LogLifecycleFailed(ILogger logger, Exception exception);
}
