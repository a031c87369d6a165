using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>The region comes from the SigV4 credential scope; each region has its own resources.</summary>
public sealed class RegionRoutingTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SqsAsync(string region, string action, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKID/20260101/{region}/sqs/aws4_request, SignedHeaders=host, Signature=abc");
        var response = await _http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task SignedForAnotherRegion_SeesOnlyThatRegionsResourcesAndArns()
    {
        var url = (await SqsAsync("eu-west-1", "CreateQueue", """{"QueueName":"regional"}""")).GetProperty("QueueUrl").GetString();

        var arn = (await SqsAsync("eu-west-1", "GetQueueAttributes", $$"""{"QueueUrl":"{{url}}","AttributeNames":["QueueArn"]}""")).GetProperty("Attributes").GetProperty("QueueArn").GetString();
        var home = await SqsAsync("us-east-1", "ListQueues", "{}");
        var signedElsewhere = await SqsAsync("eu-west-1", "ListQueues", "{}");

        Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:regional", arn);
        Assert.False(home.TryGetProperty("QueueUrls", out var homeUrls) && homeUrls.EnumerateArray().Any(u => u.GetString() == url));
        Assert.Contains(signedElsewhere.GetProperty("QueueUrls").EnumerateArray(), u => u.GetString() == url);
        Assert.NotNull(cloud.Host.Region("eu-west-1").Sqs.FindByArn(arn!));
    }
}
