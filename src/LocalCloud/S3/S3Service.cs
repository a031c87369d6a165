using System.Collections.Concurrent;
using System.Security.Cryptography;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// S3 as a plain, thread-safe object: buckets (one namespace for the account, each in a region),
/// objects and their versions, multipart uploads. Bodies are files in the blob store, streamed in and
/// out; metadata are plain records. The HTTP API (<see cref="S3RestApi"/>) and in-process callers
/// (CloudFormation, Step Functions, Firehose) use the same methods and get the same errors.
/// </summary>
internal sealed partial class S3Service : IDisposable
{
    private readonly ConcurrentDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _bucketsGate = new();

    /// <summary>The data directory's store S3 writes through; null keeps S3 in memory (bodies in its blob directory).</summary>
    private readonly DurableStore? _store;

    /// <param name="store">The data directory's store; its bodies then live in <see cref="S3ServiceOptions.BlobDirectory"/>, which must be given.</param>
    public S3Service(S3ServiceOptions options, DurableStore? store = null)
    {
        if (store is not null && options.BlobDirectory is null)
        {
            throw new ArgumentException("a durable S3 needs a blob directory beside its store", nameof(options));
        }
        Options = options;
        _store = store;
        Blobs = new S3BlobStore(options.BlobDirectory, durable: store is not null);
        if (store is not null)
        {
            Load(store);
        }
    }

    public S3ServiceOptions Options { get; }

    public S3BlobStore Blobs { get; }

    private DateTimeOffset Now => Options.Clock.GetUtcNow();

    /// <summary>The bucket, or NoSuchBucket.</summary>
    public S3Bucket Bucket(string name) => _buckets.TryGetValue(name, out var bucket) ? bucket : throw S3Errors.NoSuchBucket(name);

    public bool BucketExists(string name) => _buckets.ContainsKey(name);

    /// <summary>A new version id: 32 URL-safe characters, as S3's look.</summary>
    private static string NewVersionId()
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '.').Replace('/', '_');
    }

    /// <summary>S3 refuses a version id that could never have been issued before looking for it.</summary>
    private static void CheckVersionId(string versionId)
    {
        if (versionId != S3ObjectVersion.NullVersion && (versionId.Length != 32 || versionId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_'))))
        {
            throw S3Errors.InvalidArgument("Invalid version id specified", "versionId", versionId);
        }
    }

    internal static void CheckKey(string key)
    {
        if (key.Length == 0)
        {
            throw S3Errors.InvalidArgument("The key must not be empty.", "key", key);
        }
        if (System.Text.Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw S3Errors.KeyTooLong(key);
        }
    }

    public void Dispose()
    {
        _lifecycleStop?.Cancel();
        _lifecycleStop?.Dispose();
        Blobs.Dispose();
    }
}
