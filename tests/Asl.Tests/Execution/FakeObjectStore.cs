using System.Collections.Concurrent;
using System.Text;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

/// <summary>An in-memory S3 for the Distributed Map's ItemReader and ResultWriter; missing objects fail as S3 does.</summary>
internal sealed class FakeObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), (byte[] Content, DateTimeOffset Modified)> _objects = new();

    public void Put(string bucket, string key, string content) => _objects[(bucket, key)] = (Encoding.UTF8.GetBytes(content), DateTimeOffset.UnixEpoch.AddDays(20000));

    public void Put(string bucket, string key, byte[] content) => _objects[(bucket, key)] = (content, DateTimeOffset.UnixEpoch.AddDays(20000));

    public string? Text(string bucket, string key) => _objects.TryGetValue((bucket, key), out var o) ? Encoding.UTF8.GetString(o.Content) : null;

    public IReadOnlyList<string> Keys(string bucket) => [.. _objects.Keys.Where(k => k.Bucket == bucket).Select(k => k.Key).Order(StringComparer.Ordinal)];

    public Task<ObjectReadResult> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue((bucket, key), out var o)
            ? new ObjectReadResult(o.Content)
            : ObjectReadResult.Failure(new ServiceError("S3.NoSuchKey", "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: fake)")));

    public Task<ObjectListResult> ListObjectsAsync(string bucket, string? prefix, CancellationToken cancellationToken) =>
        Task.FromResult(new ObjectListResult([.. _objects
            .Where(p => p.Key.Bucket == bucket && p.Key.Key.StartsWith(prefix ?? string.Empty, StringComparison.Ordinal))
            .OrderBy(p => p.Key.Key, StringComparer.Ordinal)
            .Select(p => new ObjectSummary(p.Key.Key, p.Value.Content.Length, $"\"etag-{p.Key.Key}\"", p.Value.Modified))]));

    public Task<ServiceError?> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        _objects[(bucket, key)] = (content.ToArray(), DateTimeOffset.UtcNow);
        return Task.FromResult<ServiceError?>(null);
    }
}
