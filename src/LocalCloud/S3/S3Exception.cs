namespace Sluice.LocalCloud.S3;

/// <summary>
/// An S3 error as AWS writes it: <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;...&lt;/Error&gt;</c> with the HTTP
/// status, plus the extra elements AWS adds for some codes (BucketName, Key, Condition, ...).
/// </summary>
internal sealed class S3Exception(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;

    /// <summary>Extra elements of the error body, in order.</summary>
    public List<KeyValuePair<string, string>> Details { get; } = [];

    /// <summary>Extra response headers (e.g. <c>x-amz-delete-marker</c> on a 404 for a delete marker).</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public S3Exception With(string element, string? value)
    {
        if (value is not null)
        {
            Details.Add(new(element, value));
        }
        return this;
    }

    public S3Exception WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
