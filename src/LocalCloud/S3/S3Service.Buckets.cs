using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3Service
{
    /// <summary>
    /// CreateBucket with AWS's rules: the bucket's region is its LocationConstraint (none means
    /// us-east-1, where naming it explicitly is refused), and must be the region the request was signed
    /// for. Re-creating one's own bucket succeeds in us-east-1 (legacy behaviour) and is
    /// BucketAlreadyOwnedByYou elsewhere.
    /// </summary>
    /// <param name="requestRegion">The SigV4 scope's region; null (unsigned) accepts any constraint.</param>
    public S3Bucket CreateBucket(string name, string? requestRegion, string? locationConstraint, IReadOnlyDictionary<string, string>? tags = null)
    {
        CheckBucketName(name);
        if (locationConstraint == "us-east-1")
        {
            throw new S3Exception("InvalidLocationConstraint", "The specified location-constraint is not valid").With("LocationConstraint", locationConstraint);
        }
        var region = string.IsNullOrEmpty(locationConstraint) ? "us-east-1" : locationConstraint == "EU" ? "eu-west-1" : locationConstraint;
        if (!RegionPattern().IsMatch(region))
        {
            throw new S3Exception("InvalidLocationConstraint", "The specified location-constraint is not valid").With("LocationConstraint", locationConstraint);
        }
        if (requestRegion is not null && requestRegion != region)
        {
            var named = string.IsNullOrEmpty(locationConstraint) ? "unspecified" : locationConstraint;
            throw new S3Exception("IllegalLocationConstraintException", $"The {named} location constraint is incompatible for the region specific endpoint this request was sent to.");
        }
        lock (_bucketsGate)
        {
            if (_buckets.TryGetValue(name, out var existing))
            {
                return region == "us-east-1" && existing.Region == "us-east-1" ? existing : throw S3Errors.BucketAlreadyOwnedByYou(name);
            }
            var bucket = new S3Bucket(name, region, Now, new S3BucketSettings { Tags = tags is { Count: > 0 } ? tags : null });
            _store?.SaveBucket(bucket, bucket.Settings);
            _buckets[name] = bucket;
            return bucket;
        }
    }

    /// <summary>DeleteBucket: refused while any object, version, delete marker or upload remains, as AWS does.</summary>
    public void DeleteBucket(string name)
    {
        lock (_bucketsGate)
        {
            var bucket = Bucket(name);
            lock (bucket.Gate)
            {
                if (bucket.Objects.Count > 0 || bucket.Uploads.Count > 0)
                {
                    throw S3Errors.BucketNotEmpty(name);
                }
                _store?.DeleteBucket(name);
                _buckets.TryRemove(name, out _);
            }
        }
    }

    /// <summary>Every bucket, in name order.</summary>
    public IReadOnlyList<S3Bucket> ListBuckets() => _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    /// <summary>Replaces a bucket's settings atomically.</summary>
    public S3BucketSettings UpdateSettings(string name, Func<S3BucketSettings, S3BucketSettings> change)
    {
        var bucket = Bucket(name);
        lock (bucket.Gate)
        {
            var settings = change(bucket.Settings);
            _store?.SaveBucket(bucket, settings);
            bucket.Settings = settings;
            return settings;
        }
    }

    /// <summary>PutBucketPolicy: a JSON object of at most 20 KB with a Statement, stored as given.</summary>
    public void SetPolicy(string name, string policy)
    {
        Bucket(name);
        var text = policy.Trim();
        if (Encoding.UTF8.GetByteCount(text) > 20 * 1024)
        {
            throw new S3Exception("PolicyTooLarge", "Policy exceeds the maximum allowed document size.");
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new S3Exception("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
            }
            if (!doc.RootElement.TryGetProperty("Statement", out var statement) || statement.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            {
                throw new S3Exception("MalformedPolicy", "Missing required field Statement");
            }
        }
        catch (JsonException)
        {
            throw new S3Exception("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
        }
        UpdateSettings(name, s => s with { Policy = text });
    }

    /// <summary>PutBucketVersioning: <c>Enabled</c> or <c>Suspended</c>; a bucket never returns to unversioned.</summary>
    public void SetVersioning(string name, string status)
    {
        if (status is not ("Enabled" or "Suspended"))
        {
            throw S3Errors.MalformedXml();
        }
        UpdateSettings(name, s => s with { Versioning = status });
    }

    /// <summary>Bucket naming rules (general purpose buckets), checked on CreateBucket.</summary>
    internal static void CheckBucketName(string name)
    {
        if (name.Length is < 3 or > 63
            || !BucketNamePattern().IsMatch(name)
            || name.Contains("..", StringComparison.Ordinal)
            || IpAddressPattern().IsMatch(name)
            || name.StartsWith("xn--", StringComparison.Ordinal)
            || name.StartsWith("sthree-", StringComparison.Ordinal)
            || name.StartsWith("amzn-s3-demo-", StringComparison.Ordinal)
            || name.EndsWith("-s3alias", StringComparison.Ordinal)
            || name.EndsWith("--ol-s3", StringComparison.Ordinal)
            || name.EndsWith(".mrap", StringComparison.Ordinal)
            || name.EndsWith("--x-s3", StringComparison.Ordinal)
            || name.EndsWith("--table-s3", StringComparison.Ordinal))
        {
            throw S3Errors.InvalidBucketName(name);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketNamePattern();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex IpAddressPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")]
    private static partial Regex RegionPattern();
}
