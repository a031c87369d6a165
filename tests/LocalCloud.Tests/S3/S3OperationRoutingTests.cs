using System.Net.Sockets;
using System.Text;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.S3;

/// <summary>
/// Which operation an S3 request names, held to S3's model: a sub-resource this host does not serve is
/// refused by name and never falls through to the PutObject or CreateBucket of the same path, sibling
/// services (S3 Express One Zone, S3 Object Lambda) are refused by name, and an error answered before a
/// held-back body never desynchronises the connection.
/// </summary>
public sealed class S3OperationRoutingTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static string Authorization(string service) =>
        $"AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string service = "s3")
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(method, cloud.Endpoint + path);
        request.Headers.TryAddWithoutValidation("Authorization", Authorization(service));
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/xml");
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> TextAsync(HttpMethod method, string path, string? body = null, string service = "s3")
    {
        using var response = await SendAsync(method, path, body, service);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";
    }

    [Fact]
    public async Task UnservedObjectSubresource_IsRefusedByName_AndTheObjectStaysAsItWas()
    {
        Assert.StartsWith("200", await TextAsync(HttpMethod.Put, "/routing-obj"));
        Assert.StartsWith("200", await TextAsync(HttpMethod.Put, "/routing-obj/k", "original"));

        // PUT /{Bucket}/{Key+}?encryption is UpdateObjectEncryption, not a PutObject with an XML body.
        var refused = await TextAsync(HttpMethod.Put, "/routing-obj/k?encryption", "<ObjectEncryption><SSES3/></ObjectEncryption>");
        Assert.StartsWith("501", refused);
        Assert.Contains("<Code>NotImplemented</Code>", refused);
        Assert.Contains("UpdateObjectEncryption", refused);

        Assert.Equal("200 original", await TextAsync(HttpMethod.Get, "/routing-obj/k"));
    }

    [Fact]
    public async Task UnservedBucketSubresource_IsRefusedByName_NotTakenForCreateBucket()
    {
        var refused = await TextAsync(HttpMethod.Put, "/routing-bucket?metadataInventoryTable", "<InventoryTableConfiguration/>");

        Assert.StartsWith("501", refused);
        Assert.Contains("UpdateBucketMetadataInventoryTableConfiguration", refused);
        // CreateBucket would have made it; the bucket does not exist.
        Assert.Contains("NoSuchBucket", await TextAsync(HttpMethod.Get, "/routing-bucket?list-type=2"));
    }

    [Fact]
    public async Task SubresourceNamingTwoUnservedOperations_NamesBoth()
    {
        Assert.StartsWith("200", await TextAsync(HttpMethod.Put, "/routing-two"));

        var refused = await TextAsync(HttpMethod.Get, "/routing-two?analytics");

        Assert.StartsWith("501", refused);
        Assert.Contains("GetBucketAnalyticsConfiguration and ListBucketAnalyticsConfigurations are not implemented", refused);
    }

    [Fact]
    public async Task SiblingServices_AreRefusedByName()
    {
        var directory = await TextAsync(HttpMethod.Get, "/", service: "s3express");
        var objectLambda = await TextAsync(HttpMethod.Post, "/WriteGetObjectResponse", "x", service: "s3-object-lambda");

        Assert.StartsWith("501", directory);
        Assert.Contains("ListDirectoryBuckets", directory);
        Assert.StartsWith("501", objectLambda);
        Assert.Contains("WriteGetObjectResponse", objectLambda);
    }

    [Fact]
    public async Task ErrorBeforeAHeldBackBody_ClosesTheConnection_SoTheNextRequestIsReadWhole()
    {
        Assert.StartsWith("200", await TextAsync(HttpMethod.Put, "/routing-expect"));
        var port = new Uri(cloud.Endpoint).Port;
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        // What boto3 and the AWS CLI do: Expect: 100-continue, and the body held back until 100 Continue.
        var put = $"PUT /routing-expect/k HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 1\r\nExpect: 100-continue\r\n"
            + $"x-amz-storage-class: BOGUS\r\nAuthorization: {Authorization("s3")}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(put), TestContext.Current.CancellationToken);

        var answer = await ReadResponseAsync(stream);

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("InvalidStorageClass", answer);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        // The server ends the connection (closed or reset once it stops waiting for the body) instead of
        // reading the client's next request as this one's body.
        Assert.True(await EndedAsync(stream), "the connection stayed open after an error answered before its body");
    }

    private static async Task<bool> EndedAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[64], TestContext.Current.CancellationToken) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            if (n == 0)
            {
                return text.ToString();
            }
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && ContentLength(all[..end]) is { } length && all.Length - end - 4 >= length)
            {
                return all;
            }
        }
    }

    private static int? ContentLength(string head) =>
        head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => (int?)int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
