namespace Sluice.LocalCloud.S3;

/// <summary>One S3 request as the REST API dispatches it: the addressed bucket and key, and the HTTP exchange.</summary>
internal sealed class S3Call(HttpContext context, string? bucket, string? key, string? signedRegion, string requestId)
{
    public HttpContext Context { get; } = context;

    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    public string? Bucket { get; } = bucket;

    public string? Key { get; } = key;

    /// <summary>The SigV4 scope's region, or null for an unsigned request.</summary>
    public string? SignedRegion { get; } = signedRegion;

    public string RequestId { get; } = requestId;

    public CancellationToken Aborted => Context.RequestAborted;

    public string Method => Request.Method;

    public bool Has(string parameter) => Request.Query.ContainsKey(parameter);

    public string? Query(string parameter) => Request.Query.TryGetValue(parameter, out var v) ? v.ToString() : null;

    public string? Header(string name) => Request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    public string RequiredBucket => Bucket ?? throw S3Errors.MethodNotAllowed(Method, "SERVICE");

    public string RequiredKey => Key ?? throw S3Errors.InvalidArgument("This operation needs an object key.", "key", "");

    /// <summary>An integer query parameter in a range, or InvalidArgument naming it.</summary>
    public int IntQuery(string parameter, int defaultValue, int min, int max)
    {
        var text = Query(parameter);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw S3Errors.InvalidArgument($"Provided {parameter} not an integer or within integer range", parameter, text);
        }
        return Math.Min(value, max);
    }
}
