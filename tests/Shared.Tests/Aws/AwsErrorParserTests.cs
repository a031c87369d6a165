using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("""{"__type":"ResourceNotFoundException","message":"m"}""", "ResourceNotFoundException")]
    [InlineData("""{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"m"}""", "ExecutionAlreadyExists")]
    [InlineData("""{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"m"}""", "FooError")]
    [InlineData("""{"code":"ValidationException","Message":"m"}""", "ValidationException")]
    public void FromJson_TypeForms_YieldBareCode(string body, string code)
    {
        var error = AwsErrorParser.FromJson(HttpStatusCode.BadRequest, Headers(), Encoding.UTF8.GetBytes(body));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("m", error.ServiceMessage);
    }

    [Fact]
    public void FromJson_CodeOnlyInHeader_UsesHeader()
    {
        var headers = Headers(("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"), ("x-amzn-RequestId", "r-9"));

        var error = AwsErrorParser.FromJson(HttpStatusCode.BadRequest, headers, Encoding.UTF8.GetBytes("""{"message":"1 validation error detected"}"""));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("1 validation error detected", error.ServiceMessage);
        Assert.Equal("r-9", error.RequestId);
        Assert.Equal("ValidationException: 1 validation error detected", error.Message);
    }

    [Fact]
    public void FromJson_HtmlFromProxy_FallsBackToStatus()
    {
        var error = AwsErrorParser.FromJson(HttpStatusCode.BadGateway, Headers(), Encoding.UTF8.GetBytes("<html><body>502 Bad Gateway</body></html>"));

        Assert.Equal("502", error.ErrorCode);
        Assert.Contains("502 Bad Gateway", error.ServiceMessage, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
        Assert.False(error.IsThrottling);
    }

    [Fact]
    public void FromJson_EmptyBody_UsesStatus()
    {
        var error = AwsErrorParser.FromJson(HttpStatusCode.Forbidden, Headers(), []);

        Assert.Equal("403", error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Equal("403 (HTTP 403)", error.Message);
    }

    [Fact]
    public void FromXml_ErrorResponse_ReadsCodeMessageAndRequestId()
    {
        var body = """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error>
                <Type>Sender</Type>
                <Code>InvalidParameter</Code>
                <Message>Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5</Message>
              </Error>
              <RequestId>b5f6c0d5-9c3e-5a2f-8c8a-0e4f2f7d1b11</RequestId>
            </ErrorResponse>
            """;

        var error = AwsErrorParser.FromXml(HttpStatusCode.BadRequest, Headers(), Encoding.UTF8.GetBytes(body));

        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.Equal("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5", error.ServiceMessage);
        Assert.Equal("b5f6c0d5-9c3e-5a2f-8c8a-0e4f2f7d1b11", error.RequestId);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void FromXml_NotXml_FallsBackToStatusAndHeaderRequestId()
    {
        var error = AwsErrorParser.FromXml(HttpStatusCode.ServiceUnavailable, Headers(("x-amzn-RequestId", "r-1")), Encoding.UTF8.GetBytes("Service Unavailable"));

        Assert.Equal("503", error.ErrorCode);
        Assert.Equal("r-1", error.RequestId);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData("Throttling", true, true)]
    [InlineData("ThrottlingException", true, true)]
    [InlineData("ProvisionedThroughputExceededException", true, true)]
    [InlineData("LimitExceededException", true, true)]
    [InlineData("TooManyRequestsException", true, true)]
    [InlineData("PriorRequestNotComplete", true, true)]
    [InlineData("RequestTimeout", false, true)]
    [InlineData("RequestTimeoutException", false, true)]
    [InlineData("ExecutionAlreadyExists", false, false)]
    [InlineData("KMSThrottlingException", false, false)]
    public void Classification_Code_MatchesStandardMode(string code, bool throttling, bool retryable)
    {
        var error = new AwsServiceException(code, "m", HttpStatusCode.BadRequest, null);

        Assert.Equal(throttling, error.IsThrottling);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public void IsTransient_FailureKinds_AreClassified()
    {
        Assert.True(AwsServiceException.IsTransient(new AwsServiceException("ThrottlingException", null, HttpStatusCode.BadRequest, null)));
        Assert.True(AwsServiceException.IsTransient(new AwsServiceException("InternalFailure", null, HttpStatusCode.InternalServerError, null)));
        Assert.False(AwsServiceException.IsTransient(new AwsServiceException("ValidationException", null, HttpStatusCode.BadRequest, null)));
        Assert.True(AwsServiceException.IsTransient(new HttpRequestException("refused")));
        Assert.True(AwsServiceException.IsTransient(new TimeoutException()));
        Assert.False(AwsServiceException.IsTransient(new InvalidDataException()));
    }

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }
}
