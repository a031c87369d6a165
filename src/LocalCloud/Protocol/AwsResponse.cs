namespace Sluice.LocalCloud.Protocol;

/// <summary>What a handler answers; the host adds the request id and writes it out.</summary>
internal sealed record AwsResponse(int Status, string ContentType, byte[] Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static AwsResponse Json(byte[] body) => new(200, "application/x-amz-json-1.0", body);

    public static AwsResponse Xml(string body) => new(200, "text/xml", System.Text.Encoding.UTF8.GetBytes(body));
}
