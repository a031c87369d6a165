using System.Net;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class StepFunctionsClientTests
{
    private const string StateMachineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:order-fulfilment";
    private const string ExecutionArn = "arn:aws:states:eu-west-1:123456789012:execution:order-fulfilment:evt-1";

    [Fact]
    public async Task StartExecutionAsync_SampleInput_SendsJson10Request()
    {
        var handler = new RecordingHandler().RespondJson(
            HttpStatusCode.OK,
            $$"""{"executionArn":"{{ExecutionArn}}","startDate":1.764158400123E9}""");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sfn.StartExecutionAsync(StateMachineArn, "evt-1", "{\"orderId\":\"o-1\"}", TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(ExecutionArn, result.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158400123), result.StartDate);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://states.eu-west-1.amazonaws.com/", request.Uri.ToString());
        Assert.Equal("AWSStepFunctions.StartExecution", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
        Assert.Equal(
            $$"""{"stateMachineArn":"{{StateMachineArn}}","name":"evt-1","input":"{\u0022orderId\u0022:\u0022o-1\u0022}"}""",
            request.BodyText);
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-west-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=",
            request.Header("Authorization"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecutionAsync_NoNameOrInput_OmitsThem()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, $$"""{"executionArn":"{{ExecutionArn}}","startDate":1764158400}""");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await sfn.StartExecutionAsync(StateMachineArn, null, null, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal($$"""{"stateMachineArn":"{{StateMachineArn}}"}""", handler.Requests[0].BodyText);
    }

    [Fact]
    public async Task StartExecutionAsync_AlreadyExists_ThrowsTypedErrorWithoutRetry()
    {
        // Code and message as recorded against real Step Functions (aws-recorded/stepfunctions).
        var handler = new RecordingHandler().Respond(
            HttpStatusCode.BadRequest,
            $$"""{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"Execution Already Exists: '{{ExecutionArn}}'"}""",
            "application/x-amz-json-1.0",
            ("x-amzn-RequestId", "3f0d1a9c-2b7e-4c55-9d8e-6a1b2c3d4e5f"));
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => sfn.StartExecutionAsync(StateMachineArn, "evt-1", "{}", TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
        Assert.Equal($"Execution Already Exists: '{ExecutionArn}'", error.ServiceMessage);
        Assert.Equal("3f0d1a9c-2b7e-4c55-9d8e-6a1b2c3d4e5f", error.RequestId);
        Assert.False(error.IsRetryable);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task RedriveExecutionAsync_WithToken_SendsItAndParsesTheDate()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """{"redriveDate":1.764158400123E9}""");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sfn.RedriveExecutionAsync(ExecutionArn, "redrive-1", TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158400123), result.RedriveDate);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("AWSStepFunctions.RedriveExecution", request.Header("X-Amz-Target"));
        Assert.Equal($$"""{"executionArn":"{{ExecutionArn}}","clientToken":"redrive-1"}""", request.BodyText);
    }

    [Fact]
    public async Task RedriveExecutionAsync_NoToken_MakesOneUpAndKeepsItAcrossRetries()
    {
        // A retried request must carry the first one's token: Step Functions then answers with the
        // first redrive instead of refusing an execution that the lost answer had already reopened.
        var handler = new RecordingHandler()
            .RespondJson(HttpStatusCode.InternalServerError, """{"__type":"InternalFailure"}""")
            .RespondJson(HttpStatusCode.OK, """{"redriveDate":1764158400}""");
        var sfn = new StepFunctionsClient(TestAws.Options(new RecordedDelays()), TestAws.Http(handler));

        await sfn.RedriveExecutionAsync(ExecutionArn, cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(2, handler.Requests.Count);
        var token = System.Text.Json.JsonDocument.Parse(handler.Requests[0].BodyText).RootElement.GetProperty("clientToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.True(token.Length <= 64);
        Assert.Equal(handler.Requests[0].BodyText, handler.Requests[1].BodyText);
    }

    [Fact]
    public async Task RedriveExecutionAsync_NotRedrivable_ThrowsTypedErrorWithTheReason()
    {
        var handler = new RecordingHandler().Respond(
            HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionNotRedrivable","message":"Execution is SUCCEEDED and cannot be redriven"}""",
            "application/x-amz-json-1.0");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => sfn.RedriveExecutionAsync(ExecutionArn, cancellationToken: TestContext.Current.CancellationToken).Bounded());

        Assert.Equal(("ExecutionNotRedrivable", "Execution is SUCCEEDED and cannot be redriven"), (error.ErrorCode, error.ServiceMessage));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task RedriveExecutionAsync_BadToken_RefusedBeforeAnyRequest(string token)
    {
        var handler = new RecordingHandler();
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Assert.ThrowsAsync<ArgumentException>(() => sfn.RedriveExecutionAsync(ExecutionArn, token, TestContext.Current.CancellationToken));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task DescribeExecutionAsync_Failed_ParsesEveryField()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, $$"""
            {"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"evt-1","status":"FAILED",
             "startDate":1764158400.5,"stopDate":1764158401.25,"input":"{}","inputDetails":{"included":true},
             "error":"OutOfStock","cause":"OOS-1 is out of stock","redriveCount":0,"redriveStatus":"REDRIVABLE"}
            """);
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sfn.DescribeExecutionAsync(ExecutionArn, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("AWSStepFunctions.DescribeExecution", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal($$"""{"executionArn":"{{ExecutionArn}}"}""", handler.Requests[0].BodyText);
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("evt-1", result.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158400500), result.StartDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158401250), result.StopDate);
        Assert.Equal("{}", result.Input);
        Assert.Null(result.Output);
        Assert.Equal("OutOfStock", result.Error);
        Assert.Equal("OOS-1 is out of stock", result.Cause);
        Assert.Equal("REDRIVABLE", result.RedriveStatus);
    }

    [Fact]
    public async Task ListExecutionsAsync_WithFilterAndToken_SendsThemAndParsesPage()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, $$"""
            {"executions":[{"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"evt-1",
              "status":"RUNNING","startDate":1764158400}],"nextToken":"page-2"}
            """);
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sfn.ListExecutionsAsync(StateMachineArn, "RUNNING", 50, "page-1", TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("AWSStepFunctions.ListExecutions", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal(
            $$"""{"stateMachineArn":"{{StateMachineArn}}","statusFilter":"RUNNING","maxResults":50,"nextToken":"page-1"}""",
            handler.Requests[0].BodyText);
        var item = Assert.Single(result.Executions);
        Assert.Equal("RUNNING", item.Status);
        Assert.Null(item.StopDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764158400), item.StartDate);
        Assert.Equal("page-2", result.NextToken);
    }

    [Fact]
    public async Task GetExecutionHistoryAsync_RecordedShape_ParsesTypedAndOtherDetails()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """
            {"events":[
              {"executionStartedEventDetails":{"input":"{}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/sfn"},
               "id":1,"previousEventId":0,"timestamp":1764158400.001,"type":"ExecutionStarted"},
              {"id":2,"previousEventId":0,"stateEnteredEventDetails":{"input":"{}","inputDetails":{"truncated":false},"name":"Start"},
               "timestamp":1764158400.002,"type":"PassStateEntered"},
              {"id":3,"mapStateStartedEventDetails":{"length":2},"previousEventId":2,"timestamp":1764158400.003,"type":"MapStateStarted"},
              {"executionFailedEventDetails":{"cause":"boom","error":"States.TaskFailed"},"id":4,"previousEventId":3,
               "timestamp":1764158400.004,"type":"ExecutionFailed"}
            ],"nextToken":"t2"}
            """);
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        var result = await sfn.GetExecutionHistoryAsync(ExecutionArn, 100, "t1", true, false, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("AWSStepFunctions.GetExecutionHistory", handler.Requests[0].Header("X-Amz-Target"));
        Assert.Equal(
            $$"""{"executionArn":"{{ExecutionArn}}","maxResults":100,"reverseOrder":true,"nextToken":"t1","includeExecutionData":false}""",
            handler.Requests[0].BodyText);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "MapStateStarted", "ExecutionFailed"], result.Events.Select(e => e.Type));
        Assert.Equal("arn:aws:iam::123456789012:role/sfn", result.Events[0].ExecutionStartedEventDetails?.RoleArn);
        Assert.Equal("Start", result.Events[1].StateEnteredEventDetails?.Name);
        Assert.Equal(2, result.Events[2].OtherDetails!["mapStateStartedEventDetails"].GetProperty("length").GetInt32());
        Assert.Equal("States.TaskFailed", result.Events[3].ExecutionFailedEventDetails?.Error);
        Assert.Equal(3, result.Events[3].PreviousEventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764158400004), result.Events[3].Timestamp);
        Assert.Equal("t2", result.NextToken);
    }

    [Fact]
    public async Task StartExecutionAsync_ResponseMissingRequiredField_ThrowsJsonException()
    {
        var handler = new RecordingHandler().RespondJson(HttpStatusCode.OK, """{"startDate":1764158400}""");
        var sfn = new StepFunctionsClient(TestAws.Options(), TestAws.Http(handler));

        await Assert.ThrowsAsync<System.Text.Json.JsonException>(
            () => sfn.StartExecutionAsync(StateMachineArn, "n", "{}", TestContext.Current.CancellationToken).Bounded());
    }
}
