using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class SigV4SignerTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sign_RequestWithSessionToken_SetsAndSignsTokenDateAndHost()
    {
        var signer = new SigV4Signer(new AwsCredentials("AKID", "secret", "token-1"), "eu-west-1", "states");
        using var request = JsonRequest("http://localhost:4566/");

        var signature = signer.Sign(request, "{}"u8, s_time);

        Assert.Equal("localhost:4566", request.Headers.Host);
        Assert.Equal("20261126T120000Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("token-1", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Equal("content-type;host;x-amz-date;x-amz-security-token;x-amz-target", signature.SignedHeaders);
        Assert.Equal(signature.Authorization, request.Headers.GetValues("Authorization").Single());
        Assert.Contains("\nhost:localhost:4566\n", signature.CanonicalRequest, StringComparison.Ordinal);
        Assert.EndsWith("\n" + SigV4Signer.Sha256Hex("{}"u8), signature.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_Twice_ReplacesHeadersInsteadOfAddingThem()
    {
        var signer = new SigV4Signer(new AwsCredentials("AKID", "secret", "token-1"), "eu-west-1", "states");
        using var request = JsonRequest("https://states.eu-west-1.amazonaws.com/");

        var first = signer.Sign(request, "{}"u8, s_time);
        var second = signer.Sign(request, "{}"u8, s_time.AddSeconds(1));

        Assert.NotEqual(first.Authorization, second.Authorization);
        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.Equal("20261126T120001Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(first.SignedHeaders, second.SignedHeaders);
    }

    [Fact]
    public void Sign_ContentSha256Requested_AddsAndSignsIt()
    {
        var signer = new SigV4Signer(new AwsCredentials("AKID", "secret"), "eu-west-1", "s3", normalizePath: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bucket.s3.eu-west-1.amazonaws.com/a//b");

        var signature = signer.Sign(request, [], s_time, addContentSha256: true);

        Assert.Equal(SigV4Signer.EmptyPayloadHash, request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Equal("host;x-amz-content-sha256;x-amz-date", signature.SignedHeaders);
        Assert.StartsWith("GET\n/a//b\n", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_PathAndQueryOnTheWire_AreEncodedAgainAndSorted()
    {
        var signer = new SigV4Signer(new AwsCredentials("AKID", "secret"), "us-east-1", "service");
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/a%20b/./c?z=1&b=hello%20world&a=%2F");

        var signature = signer.Sign(request, [], s_time);

        Assert.StartsWith("GET\n/a%2520b/c\na=%2F&b=hello%20world&z=1\n", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    public static TheoryData<string> CrossCheckCalls => new("sns", "states", "kinesis", "query-path");

    /// <summary>
    /// Signs real requests of each call with this signer and with botocore (the signer behind
    /// the AWS CLI and boto3) at the same instant, and compares the Authorization headers.
    /// </summary>
    [Theory]
    [MemberData(nameof(CrossCheckCalls))]
    public async Task Sign_SameRequestAsBotocore_ProducesSameAuthorization(string call)
    {
        var handler = new RecordingHandler();
        var options = TestAws.Options(sessionToken: "FwoGZXIvYXdzEJr//////////wEaDH+token/with=chars");
        var http = TestAws.Http(handler);
        string service;
        switch (call)
        {
            case "sns":
                service = "sns";
                handler.RespondXml(System.Net.HttpStatusCode.OK, "<PublishBatchResponse><PublishBatchResult/></PublishBatchResponse>");
                await new SnsClient(options, http).PublishBatchAsync(
                    "arn:aws:sns:eu-west-1:123456789012:t",
                    [new("1", "héllo wörld & <more> +~*'()!", new Dictionary<string, string> { ["type"] = "order.placed", ["subject"] = "o/1 2" })],
                    TestContext.Current.CancellationToken).Bounded();
                break;
            case "states":
                service = "states";
                handler.RespondJson(System.Net.HttpStatusCode.OK, """{"executionArn":"a","startDate":1}""");
                await new StepFunctionsClient(options, http).StartExecutionAsync(
                    "arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "n", "{\"ü\":\"\\u2028\"}", TestContext.Current.CancellationToken).Bounded();
                break;
            case "kinesis":
                service = "kinesis";
                handler.RespondJson(System.Net.HttpStatusCode.OK, """{"FailedRecordCount":0,"Records":[]}""");
                await new KinesisClient(options, http).PutRecordsAsync("s", [new([1, 2, 3], "k")], TestContext.Current.CancellationToken).Bounded();
                break;
            default:
                service = "service";
                handler.RespondJson(System.Net.HttpStatusCode.OK, "{}");
                using (var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com:8443/a%20b/c?z=1&b=hello%20world&a=%2F"))
                {
                    new SigV4Signer(options.Credentials, options.Region, service).Sign(request, [], TestAws.Now);
                    using var response = await http.SendAsync(request, TestContext.Current.CancellationToken).Bounded();
                }

                break;
        }

        var sent = handler.Requests[0];
        var botocore = await Botocore.SignAsync(sent, options.Credentials, options.Region, service, "20261126T120000Z");

        Assert.Equal(botocore, sent.Header("Authorization"));
    }

    private static HttpRequestMessage JsonRequest(string uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.StartExecution");
        return request;
    }
}
