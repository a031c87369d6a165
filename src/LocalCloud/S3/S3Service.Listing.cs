namespace Sluice.LocalCloud.S3;

internal sealed partial class S3Service
{
    /// <summary>
    /// The current objects of a bucket after <paramref name="after"/> (exclusive), under
    /// <paramref name="prefix"/>, rolling keys that contain <paramref name="delimiter"/> past the prefix up
    /// into common prefixes; at most <paramref name="maxKeys"/> entries (objects and prefixes together).
    /// A common prefix at or before <paramref name="after"/> was on an earlier page and is not repeated.
    /// </summary>
    public S3ListPage ListObjects(string bucketName, string? prefix, string? delimiter, string? after, int maxKeys)
    {
        var bucket = Bucket(bucketName);
        prefix ??= "";
        var entries = new List<S3ListEntry>();
        var truncated = false;
        lock (bucket.Gate)
        {
            string? lastPrefix = null;
            foreach (var key in KeysFrom(bucket, prefix, after))
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }
                if (bucket.Current(key) is not { } current)
                {
                    continue;
                }
                var common = CommonPrefix(key, prefix, delimiter);
                if (common is not null && (common == lastPrefix || (after is not null && S3KeyComparer.Instance.Compare(common, after) <= 0)))
                {
                    continue;
                }
                if (entries.Count >= maxKeys)
                {
                    truncated = true;
                    break;
                }
                if (common is not null)
                {
                    lastPrefix = common;
                    entries.Add(new S3ListEntry(null, common));
                }
                else
                {
                    entries.Add(new S3ListEntry(current, null));
                }
            }
        }
        return new S3ListPage(entries, truncated);
    }

    /// <summary>
    /// Every version and delete marker, keys in order and each key's versions newest first, after the
    /// (key, version id) markers; common prefixes as in <see cref="ListObjects"/>.
    /// </summary>
    public S3ListPage ListObjectVersions(string bucketName, string? prefix, string? delimiter, string? keyMarker, string? versionIdMarker, int maxKeys)
    {
        var bucket = Bucket(bucketName);
        prefix ??= "";
        var entries = new List<S3ListEntry>();
        var truncated = false;
        lock (bucket.Gate)
        {
            string? lastPrefix = null;
            var from = string.IsNullOrEmpty(keyMarker) ? null : keyMarker;
            foreach (var key in KeysFrom(bucket, prefix, null, inclusiveFrom: from))
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }
                var common = CommonPrefix(key, prefix, delimiter);
                if (common is not null)
                {
                    if (common == lastPrefix || (from is not null && S3KeyComparer.Instance.Compare(common, from) <= 0))
                    {
                        continue;
                    }
                    if (entries.Count >= maxKeys)
                    {
                        truncated = true;
                        break;
                    }
                    lastPrefix = common;
                    entries.Add(new S3ListEntry(null, common));
                    continue;
                }
                var versions = bucket.Objects[key];
                var start = 0;
                if (key == from)
                {
                    if (string.IsNullOrEmpty(versionIdMarker))
                    {
                        continue;
                    }
                    start = versions.FindIndex(v => v.VersionId == versionIdMarker) + 1;
                    if (start == 0)
                    {
                        continue;
                    }
                }
                for (var i = start; i < versions.Count; i++)
                {
                    if (entries.Count >= maxKeys)
                    {
                        truncated = true;
                        break;
                    }
                    entries.Add(new S3ListEntry(versions[i], null, IsLatest: i == 0));
                }
                if (truncated)
                {
                    break;
                }
            }
        }
        return new S3ListPage(entries, truncated);
    }

    /// <summary>Keys from the later of the prefix and the marker, in order (the marker itself excluded unless inclusive).</summary>
    private static IEnumerable<string> KeysFrom(S3Bucket bucket, string prefix, string? after, string? inclusiveFrom = null)
    {
        if (bucket.Keys.Count == 0)
        {
            yield break;
        }
        var comparer = S3KeyComparer.Instance;
        var lower = inclusiveFrom ?? after ?? prefix;
        if (comparer.Compare(prefix, lower) > 0)
        {
            lower = prefix;
        }
        var max = bucket.Keys.Max!;
        if (comparer.Compare(lower, max) > 0)
        {
            yield break;
        }
        foreach (var key in bucket.Keys.GetViewBetween(lower, max))
        {
            if (inclusiveFrom is null && after is not null && comparer.Compare(key, after) <= 0)
            {
                continue;
            }
            yield return key;
        }
    }

    private static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }
        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }
}
