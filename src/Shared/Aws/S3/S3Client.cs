using System.Globalization;
using System.Text;

namespace Sluice.Shared.Aws.S3;

/// <summary>
/// Amazon S3 over its REST API, the reads the CLI makes of the event archive: ListObjectsV2 and
/// GetObject, signed with SigV4. AWS's own endpoints are addressed virtual-hosted
/// (<c>https://bucket.s3.region.amazonaws.com/key</c>); a configured endpoint
/// (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>) path-style (<c>http://host:port/bucket/key</c>).
/// Errors are <see cref="AwsServiceException"/>s with S3's codes (<c>NoSuchBucket</c>, <c>NoSuchKey</c>).
/// </summary>
public sealed class S3Client
{
    private readonly AwsHttpClient _transport;

    public S3Client(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.S3, http);
    }

    /// <summary>One ListObjectsV2 page of the keys under <paramref name="prefix"/> (after <paramref name="startAfter"/>), up to <paramref name="maxKeys"/> (S3: 1,000).</summary>
    public async Task<ListObjectsPage> ListObjectsV2Async(
        string bucket,
        string? prefix = null,
        string? startAfter = null,
        string? continuationToken = null,
        int? maxKeys = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        var query = new List<KeyValuePair<string, string>> { new("list-type", "2") };
        if (continuationToken is not null)
        {
            query.Add(new("continuation-token", continuationToken));
        }
        if (maxKeys is { } max)
        {
            query.Add(new("max-keys", max.ToString(CultureInfo.InvariantCulture)));
        }
        if (prefix is not null)
        {
            query.Add(new("prefix", prefix));
        }
        if (startAfter is not null)
        {
            query.Add(new("start-after", startAfter));
        }
        var body = await _transport.SendGetAsync(Uri(bucket, null, query), cancellationToken).ConfigureAwait(false);
        XmlNode root;
        try
        {
            root = XmlReaderLite.Parse(Encoding.UTF8.GetString(body));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"S3 ListObjectsV2 returned a response that is not valid XML: {e.Message}", e);
        }
        var objects = root.Children.Where(c => c.Name == "Contents").Select(c => new S3ObjectSummary(
            c.Required("Key", "ListObjectsV2 Contents"),
            long.TryParse(c.ChildText("Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0,
            c.Time("LastModified"),
            c.ChildText("ETag"))).ToList();
        var truncated = root.Bool("IsTruncated") == true;
        return new ListObjectsPage(objects, truncated ? root.ChildText("NextContinuationToken") : null);
    }

    /// <summary>Every object under <paramref name="prefix"/> after <paramref name="startAfter"/>, following the continuation tokens.</summary>
    public async IAsyncEnumerable<S3ObjectSummary> ListAllObjectsAsync(
        string bucket,
        string? prefix = null,
        string? startAfter = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListObjectsV2Async(bucket, prefix, token is null ? startAfter : null, token, null, cancellationToken).ConfigureAwait(false);
            foreach (var o in page.Objects)
            {
                yield return o;
            }
            token = page.NextContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>GetObject: the whole body of the current version of <paramref name="key"/>.</summary>
    public Task<byte[]> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _transport.SendGetAsync(Uri(bucket, key, []), cancellationToken);
    }

    /// <summary>The request URI: virtual-hosted on AWS's endpoints (bucket names without dots), path-style elsewhere.</summary>
    private Uri Uri(string bucket, string? key, IEnumerable<KeyValuePair<string, string>> query)
    {
        var endpoint = _transport.Endpoint;
        var awsHost = endpoint.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) || endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
        var virtualHosted = awsHost && !bucket.Contains('.', StringComparison.Ordinal);
        var text = new StringBuilder();
        text.Append(endpoint.Scheme).Append("://");
        if (virtualHosted)
        {
            text.Append(bucket).Append('.');
        }
        text.Append(endpoint.Authority).Append(endpoint.AbsolutePath.TrimEnd('/'));
        if (!virtualHosted)
        {
            text.Append('/').Append(SigV4Encoding.UriEncode(bucket, keepSlash: false));
        }
        text.Append('/');
        if (key is not null)
        {
            text.Append(SigV4Encoding.UriEncode(key, keepSlash: true));
        }
        var encoded = AwsHttpClient.FormEncode(query);
        if (encoded.Length > 0)
        {
            text.Append('?').Append(encoded);
        }
        return new Uri(text.ToString());
    }
}
