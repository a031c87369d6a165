using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>
/// TemplateURL in every form the AWS CLI's <c>deploy</c> and <c>package</c> and the SDKs produce
/// (path style <c>https://s3.amazonaws.com/bucket/key</c> or <c>https://s3.region.amazonaws.com/...</c>,
/// virtual-hosted <c>https://bucket.s3[.region].amazonaws.com/key</c>, this endpoint's own path style,
/// <c>s3://bucket/key</c>), read from the local S3.
/// </summary>
internal static class TemplateUrls
{
    public static (string Bucket, string Key, string? VersionId) Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "s3"))
        {
            throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string? version = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("versionId=", StringComparison.Ordinal))
            {
                version = Uri.UnescapeDataString(pair["versionId=".Length..]);
            }
        }
        if (uri.Scheme == "s3")
        {
            return Checked(uri.Host, path, version);
        }
        var host = uri.Host;
        var marker = host.IndexOf(".s3.", StringComparison.Ordinal) is var at and > 0 ? at : host.IndexOf(".s3-", StringComparison.Ordinal);
        if (marker > 0)
        {
            return Checked(host[..marker], path, version);
        }
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? Checked(path[..slash], path[(slash + 1)..], version) : throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");
    }

    private static (string, string, string?) Checked(string bucket, string key, string? version) =>
        bucket.Length > 0 && key.Length > 0 ? (bucket, key, version) : throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");

    /// <summary>The template text at the URL, or CloudFormation's error for an object that cannot be read.</summary>
    public static async Task<string> ReadAsync(S3Service s3, string url, CancellationToken cancellationToken)
    {
        var (bucket, key, version) = Parse(url);
        try
        {
            await using var read = await s3.GetObjectAsync(bucket, key, version).ConfigureAwait(false);
            using var reader = new StreamReader(read.Body);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (S3Exception e)
        {
            throw CloudFormationErrors.Validation($"S3 error: {e.Message}");
        }
    }
}
