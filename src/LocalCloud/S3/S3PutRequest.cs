namespace Sluice.LocalCloud.S3;

/// <summary>Everything PutObject takes besides the bucket, key and body.</summary>
internal sealed record S3PutRequest
{
    public static readonly S3PutRequest Default = new();

    public S3ObjectHeaders Headers { get; init; } = new();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public S3BodyChecks Checks { get; init; } = S3BodyChecks.None;

    /// <summary><c>*</c>: write only if the key has no current object (conditional write).</summary>
    public string? IfNoneMatch { get; init; }

    /// <summary>An ETag: write only if the current object has it.</summary>
    public string? IfMatch { get; init; }
}
