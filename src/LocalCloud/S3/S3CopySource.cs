namespace Sluice.LocalCloud.S3;

/// <summary>The object a copy reads (x-amz-copy-source), an optional byte range, and the x-amz-copy-source-if-* conditions.</summary>
internal sealed record S3CopySource(string Bucket, string Key, string? VersionId = null)
{
    public S3ByteRange? Range { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public string? IfModifiedSince { get; init; }

    public string? IfUnmodifiedSince { get; init; }

    /// <summary>Parses <c>[/]bucket/key[?versionId=...]</c> (the key URL-encoded), as clients send the header.</summary>
    public static S3CopySource Parse(string header)
    {
        var value = header.Trim();
        string? versionId = null;
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in value[(question + 1)..].Split('&'))
            {
                if (pair.StartsWith("versionId=", StringComparison.Ordinal))
                {
                    versionId = Uri.UnescapeDataString(pair["versionId=".Length..]);
                }
            }
            value = value[..question];
        }
        value = Uri.UnescapeDataString(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw S3Errors.InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }
        return new S3CopySource(value[..slash], value[(slash + 1)..], versionId);
    }
}
