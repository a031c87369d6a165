namespace Sluice.LocalCloud.Protocol;

/// <summary>One decoded API call, protocol-neutral enough for a service handler to act on.</summary>
internal sealed record AwsRequest(
    AwsProtocol Protocol,
    string Action,
    ReadOnlyMemory<byte> Body,
    QueryParameters? Form,
    string Region,
    string RequestId,
    string Path,
    string ContentType)
{
    /// <summary>The form parameters of a query-protocol call; fails loudly if a JSON handler asks.</summary>
    public QueryParameters Query => Form ?? throw new InvalidOperationException("not a query-protocol request");
}
