using System.Globalization;
using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class SigV4SuiteTests
{
    private static readonly DateTimeOffset s_suiteTime = DateTimeOffset.ParseExact(
        "20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static readonly SigV4Signer s_signer = new(
        new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-east-1", "service");

    public static TheoryData<string> Cases => new(SigV4SuiteCase.Names());

    [Fact]
    public void Cases_SuiteOnDisk_HasEveryPublishedCase()
    {
        Assert.Equal(31, Cases.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteCase_MatchesCanonicalRequestStringToSignAndAuthorization(string name)
    {
        var suiteCase = SigV4SuiteCase.Load(name);

        var fromReq = Sign(suiteCase.Request);
        Assert.Equal(suiteCase.CanonicalRequest, fromReq.CanonicalRequest);

        var (signedInput, expectedAuthorization) = WhatAwsSigned(suiteCase);
        var signed = Sign(signedInput);
        Assert.Equal(suiteCase.StringToSign, signed.StringToSign);
        Assert.Equal(expectedAuthorization, signed.Authorization);
        Assert.Equal(suiteCase.SignedRequest.Header("Authorization")?.Trim(), signed.Authorization);
    }

    [Fact]
    public void Sign_WithoutPathNormalization_KeepsS3StylePath()
    {
        var s3Style = new SigV4Signer(new AwsCredentials("AKIDEXAMPLE", "secret"), "us-east-1", "s3", normalizePath: false);
        var headers = new List<KeyValuePair<string, string>> { new("host", "example.amazonaws.com") };

        var signature = s3Style.Sign("GET", "/my-object//example//photo.user", [], headers, SigV4Signer.EmptyPayloadHash, s_suiteTime);

        Assert.StartsWith("GET\n/my-object//example//photo.user\n", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    /// <summary>
    /// The request the published .sts/.authz were computed from, and the Authorization header to
    /// expect. Two cases disagree with their own .creq; TestData/sigv4/README.md explains them.
    /// </summary>
    private static (SuiteRequest Request, string Authorization) WhatAwsSigned(SigV4SuiteCase suiteCase) =>
        suiteCase.Name switch
        {
            "post-x-www-form-urlencoded" => (suiteCase.Request.WithoutHeader("Content-Length"), suiteCase.Authorization),
            "post-x-www-form-urlencoded-parameters" => (
                suiteCase.Request.WithoutHeader("Content-Length")
                    .WithHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf8"),
                suiteCase.SignedRequest.Header("Authorization")!.Trim()),
            _ => (suiteCase.Request, suiteCase.Authorization),
        };

    private static SigV4Signature Sign(SuiteRequest request) =>
        s_signer.Sign(
            request.Method,
            request.Path,
            SigV4Signer.ParseQuery(request.Query),
            request.Headers,
            SigV4Signer.Sha256Hex(Encoding.UTF8.GetBytes(request.Body)),
            s_suiteTime);
}
