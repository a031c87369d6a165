using System.Net;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class AwsHttpClientRetryTests
{
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private const string Started = """{"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:sm:n","startDate":1764158400}""";

    [Fact]
    public async Task Send_ThrottledEveryTime_StopsAfterThreeAttemptsWithLastError()
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"first"}""")
            .RespondJson(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"second"}""")
            .RespondJson(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"third"}""");
        var sfn = new StepFunctionsClient(TestAws.Options(delays, random: 0.5), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Start(sfn));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("third", error.ServiceMessage);
        Assert.True(error.IsThrottling);
        Assert.True(error.IsRetryable);
        // random 0.5 * min(20 s, 1 s * 2^(n-1)): 0.5 s then 1 s.
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)], delays.Delays);
    }

    [Theory]
    [InlineData("3000", 3000)]
    [InlineData("not-a-number", 500)]
    [InlineData("-5", 500)]
    public async Task Send_RetryAfterHeader_SetsTheWait(string header, int expectedMs)
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.BadRequest, Throttled, ("x-amz-retry-after", header))
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(delays, random: 0.5), TestAws.Http(handler));

        await Start(sfn);

        Assert.Equal([TimeSpan.FromMilliseconds(expectedMs)], delays.Delays);
    }

    [Fact]
    public async Task Send_ThrottledOnceThenOk_ReturnsResult()
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.BadRequest, Throttled)
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(delays), TestAws.Http(handler));

        var result = await Start(sfn);

        Assert.EndsWith(":n", result.ExecutionArn, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(delays.Delays);
    }

    [Theory]
    [InlineData("ValidationException", HttpStatusCode.BadRequest)]
    [InlineData("AccessDeniedException", HttpStatusCode.BadRequest)]
    [InlineData("UnrecognizedClientException", HttpStatusCode.BadRequest)]
    [InlineData("ResourceNotFoundException", HttpStatusCode.NotFound)]
    public async Task Send_ClientError_IsNotRetried(string code, HttpStatusCode status)
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler().RespondJson(status, $$"""{"__type":"{{code}}","message":"no"}""");
        var sfn = new StepFunctionsClient(TestAws.Options(delays), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Start(sfn));

        Assert.Equal(code, error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Single(handler.Requests);
        Assert.Empty(delays.Delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Send_ServerError_IsRetriedWithTransientBackoff(HttpStatusCode status)
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler()
            .RespondJson(status, """{"__type":"InternalFailure"}""")
            .Respond(status, "<html>bad gateway</html>", "text/html")
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(delays, random: 0.5), TestAws.Http(handler));

        await Start(sfn);

        Assert.Equal(3, handler.Requests.Count);
        // random 0.5 * 50 ms * 2^(n-1): 25 ms then 50 ms.
        Assert.Equal([TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50)], delays.Delays);
    }

    [Fact]
    public async Task Send_ServerErrorEveryTime_ThrowsLastTypedError()
    {
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.InternalServerError, """{"__type":"InternalFailure"}""")
            .RespondJson(HttpStatusCode.InternalServerError, """{"__type":"InternalFailure"}""")
            .Respond(HttpStatusCode.ServiceUnavailable, "", "text/plain");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Start(sfn));

        Assert.Equal("503", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.HttpStatusCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_ConnectionFailsThenOk_Retries()
    {
        var handler = new RecordingHandler()
            .Fail(new HttpRequestException("Connection refused"))
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Start(sfn);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_ConnectionFailsEveryTime_ThrowsHttpRequestExceptionAfterThreeAttempts()
    {
        var handler = new RecordingHandler()
            .Fail(new HttpRequestException("one"))
            .Fail(new HttpRequestException("two"))
            .Fail(new HttpRequestException("three"));
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Start(sfn));

        Assert.Equal("three", error.Message);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_HttpClientTimeout_IsRetriedThenReportedAsTimeout()
    {
        var handler = new RecordingHandler()
            .Fail(new TaskCanceledException("timed out"))
            .Fail(new TaskCanceledException("timed out"))
            .Fail(new TaskCanceledException("timed out"));
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Assert.ThrowsAsync<TimeoutException>(() => Start(sfn));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_QueryProtocolThrottling_IsRetried()
    {
        var handler = new RecordingHandler()
            .RespondXml(HttpStatusCode.BadRequest, """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                  <RequestId>a1</RequestId>
                </ErrorResponse>
                """)
            .RespondXml(HttpStatusCode.OK, "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>");
        var sns = new SnsClient(TestAws.Options(), TestAws.Http(handler));

        var id = await sns.PublishAsync("arn:aws:sns:eu-west-1:123456789012:t", "m", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("m-1", id);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_EveryAttempt_IsSignedAgain()
    {
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.ServiceUnavailable, "{}")
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Start(sfn);

        Assert.All(handler.Requests, r =>
        {
            Assert.StartsWith("AWS4-HMAC-SHA256 ", r.Header("Authorization"), StringComparison.Ordinal);
            Assert.Equal("20261126T120000Z", r.Header("X-Amz-Date"));
        });
    }

    [Fact]
    public async Task Send_CancelledDuringBackoff_StopsWithoutAnotherAttempt()
    {
        using var cancellation = new CancellationTokenSource();
        var options = TestAws.Options() with
        {
            Retry = new AwsRetryPolicy
            {
                Delay = (_, token) =>
                {
                    cancellation.Cancel();
                    return Task.Delay(Timeout.InfiniteTimeSpan, token);
                },
            },
        };
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.BadRequest, Throttled);
        var sfn = new StepFunctionsClient(options, TestAws.Http(handler));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sfn.StartExecutionAsync("arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "n", "{}", cancellation.Token).Bounded());

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Send_AlreadyCancelled_SendsNothing()
    {
        var handler = new RecordingHandler();
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sfn.StartExecutionAsync("arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "n", "{}", new CancellationToken(true)).Bounded());

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Send_QuotaCoversOneTransientRetry_StopsAfterTwoAttempts()
    {
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.InternalServerError, "{}")
            .RespondJson(HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"second"}""");
        var sfn = new StepFunctionsClient(TestAws.Options(quota: 14), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Start(sfn));

        Assert.Equal("second", error.ServiceMessage);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_ThrottlingRetriesCostLess_AllowsBothRetries()
    {
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.BadRequest, Throttled)
            .RespondJson(HttpStatusCode.BadRequest, Throttled)
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(quota: 10), TestAws.Http(handler));

        await Start(sfn);

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_SuccessAfterRetry_RefundsQuotaForTheNextCall()
    {
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.ServiceUnavailable, "{}")
            .RespondJson(HttpStatusCode.OK, Started)
            .RespondJson(HttpStatusCode.ServiceUnavailable, "{}")
            .RespondJson(HttpStatusCode.OK, Started);
        var sfn = new StepFunctionsClient(TestAws.Options(quota: 14), TestAws.Http(handler));

        await Start(sfn);
        await Start(sfn);

        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_QuotaEmpty_DoesNotRetry()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.BadRequest, Throttled);
        var sfn = new StepFunctionsClient(TestAws.Options(quota: 0), TestAws.Http(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => Start(sfn));

        Assert.Single(handler.Requests);
    }

    private static Task<StartExecutionResult> Start(StepFunctionsClient sfn) =>
        sfn.StartExecutionAsync("arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "n", "{}", TestContext.Current.CancellationToken).Bounded();
}
