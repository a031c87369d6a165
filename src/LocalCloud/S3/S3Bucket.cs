namespace Sluice.LocalCloud.S3;

/// <summary>
/// One bucket: its identity and settings (plain records) and its objects, uploads and their index. Every
/// read and write of the collections holds <see cref="Gate"/>; bodies are streamed outside it.
/// </summary>
internal sealed class S3Bucket
{
    public S3Bucket(string name, string region, DateTimeOffset created, S3BucketSettings settings)
    {
        Name = name;
        Region = region;
        Created = created;
        Settings = settings;
    }

    public string Name { get; }

    public string Region { get; }

    public DateTimeOffset Created { get; }

    public Lock Gate { get; } = new();

    public S3BucketSettings Settings { get; set; }

    /// <summary>Keys in S3's listing order (UTF-8 byte order).</summary>
    public SortedSet<string> Keys { get; } = new(S3KeyComparer.Instance);

    /// <summary>Each key's versions, newest first; an unversioned bucket holds one per key.</summary>
    public Dictionary<string, List<S3ObjectVersion>> Objects { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, S3MultipartUpload> Uploads { get; } = new(StringComparer.Ordinal);

    public bool VersioningEverEnabled => Settings.Versioning is not null;

    /// <summary>The current version of a key, or null (absent, or its latest version is a delete marker).</summary>
    public S3ObjectVersion? Current(string key) =>
        Objects.TryGetValue(key, out var versions) && versions.Count > 0 && !versions[0].IsDeleteMarker ? versions[0] : null;
}
