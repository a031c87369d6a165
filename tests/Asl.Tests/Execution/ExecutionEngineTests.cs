using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

public sealed class ExecutionEngineTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:orchestrator";

    private static LambdaInvocationResult OutOfStock() =>
        LambdaInvocationResult.Failure("""{"errorType":"OutOfStock","errorMessage":"OOS-1 is out of stock"}""");

    [Fact]
    public async Task Task_LambdaErrorType_IsCaughtByName()
    {
        var lambda = new FakeLambda((_, _) => OutOfStock());
        var definition = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"FUNCTION_ARN","Catch":[{"ErrorEquals":["OutOfStock"],"ResultPath":"$.error","Next":"Rejected"}],"End":true},
              "Rejected":{"Type":"Pass","End":true}}}
            """.Replace("FUNCTION_ARN", FunctionArn, StringComparison.Ordinal);
        var result = await new AslTestHost(lambda).RunAsync(definition, """{"sku":"OOS-1"}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("OutOfStock", result.Output!["error"]!["Error"]!.GetValue<string>());
        Assert.Equal("""{"errorType":"OutOfStock","errorMessage":"OOS-1 is out of stock"}""", result.Output["error"]!["Cause"]!.GetValue<string>());
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            result.Types);
    }

    [Fact]
    public async Task Task_LambdaInvokeIntegration_WrapsPayloadLikeAws()
    {
        var lambda = new FakeLambda((_, payload) => LambdaInvocationResult.Success(payload));
        var definition = """
            {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"orchestrator","Payload":{"action":"validate","order.$":"$.order"}},"End":true}}}
            """;
        var result = await new AslTestHost(lambda).RunAsync(definition, """{"order":{"id":7}}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(("orchestrator", """{"action":"validate","order":{"id":7}}"""), lambda.Calls.Single());
        var output = result.Output!.AsObject();
        Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        Assert.Equal("$LATEST", output["ExecutedVersion"]!.GetValue<string>());
        Assert.Equal(7, output["Payload"]!["order"]!["id"]!.GetValue<int>());
        Assert.NotNull(output["SdkHttpMetadata"]!["HttpHeaders"]);
        Assert.Equal(["TaskScheduled", "TaskStarted", "TaskSucceeded"], result.Types.Skip(2).Take(3));
    }

    [Fact]
    public async Task Task_LambdaInvokeFunctionError_FailsExecutionWithErrorTypeAndCause()
    {
        var lambda = new FakeLambda((_, _) => OutOfStock());
        var definition = """
            {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"orchestrator"},"End":true}}}
            """;
        var result = await new AslTestHost(lambda).RunAsync(definition);
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("OutOfStock", result.Error);
        Assert.Contains("OOS-1 is out of stock", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_TransientErrors_RetriesMaxAttemptsThenCatches()
    {
        var lambda = new FakeLambda((_, _) => LambdaInvocationResult.Unavailable(new ServiceError("Lambda.ServiceException", "busy")));
        var definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"FUNCTION_ARN",
                   "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2.0,"MaxDelaySeconds":5,"JitterStrategy":"FULL"}],
                   "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},
              "F":{"Type":"Fail","ErrorPath":"$.Error","CausePath":"$.Cause"}}}
            """.Replace("FUNCTION_ARN", FunctionArn, StringComparison.Ordinal);
        var result = await new AslTestHost(lambda).RunAsync(definition);
        Assert.Equal(4, lambda.Calls.Count);
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("Lambda.ServiceException", result.Error);
        Assert.Equal("busy", result.Cause);
    }

    [Fact]
    public async Task Retry_StatesRuntime_IsNeitherRetriedNorCaughtByStatesAll()
    {
        var definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.missing"},
                   "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
              "Caught":{"Type":"Succeed"}}}
            """;
        var result = await new AslTestHost().RunAsync(definition);
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.Runtime, result.Error);
        Assert.Contains("The JSONPath '$.missing' specified for the field 'FunctionName.$' could not be found", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_TimeoutSeconds_FailsWithStatesTimeout()
    {
        var never = new NeverLambda();
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"FUNCTION_ARN","TimeoutSeconds":1,"End":true}}}""".Replace("FUNCTION_ARN", FunctionArn, StringComparison.Ordinal);
        var result = await new AslTestHost(never, scale: 0.01).RunAsync(definition);
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.Timeout, result.Error);
        Assert.Contains("LambdaFunctionTimedOut", result.Types);
    }

    [Fact]
    public async Task Map_ToleratedFailureCount_ExceededFailsWithThresholdError()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ToleratedFailureCount":1,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":1,"Next":"Bad"}],"Default":"Ok"},
                "Bad":{"Type":"Fail","Error":"TooBig"},"Ok":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var host = new AslTestHost();
        var tolerated = await host.RunAsync(definition, """{"items":[0,1,2]}""");
        Assert.Equal("SUCCEEDED", tolerated.Status);
        Assert.Equal("[0,1]", JsonValues.ToJson(new JsonArray(tolerated.Output![0]!.DeepClone(), tolerated.Output[1]!.DeepClone())));
        Assert.Equal("TooBig", tolerated.Output[2]!["Error"]!.GetValue<string>());
        var exceeded = await host.RunAsync(definition, """{"items":[2,3,0]}""");
        Assert.Equal("FAILED", exceeded.Status);
        Assert.Equal(StatesErrors.ExceedToleratedFailureThreshold, exceeded.Error);
    }

    [Fact]
    public async Task Map_IterationFails_AbortsRunningSiblings()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"Slow"}],"Default":"Bad"},
                "Slow":{"Type":"Wait","Seconds":5,"End":true},"Bad":{"Type":"Fail","Error":"Boom"}}},"End":true}}}
            """;
        var result = await new AslTestHost(scale: 1).RunAsync(definition, """{"items":[0,1]}""");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("Boom", result.Error);
        Assert.Contains("WaitStateAborted", result.Types);
        Assert.Contains("MapIterationAborted", result.Types);
        Assert.Equal("MapStateFailed", result.Types[^2]);
    }

    [Fact]
    public async Task Map_ItemSelectorAndMaxConcurrency_BuildsEachItemInput()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.lines","MaxConcurrency":1,
              "ItemSelector":{"orderId.$":"$.orderId","line.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultPath":"$.reserved","End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """{"orderId":"o1","lines":["a","b"]}""");
        Assert.Equal("""[{"orderId":"o1","line":"a","index":0},{"orderId":"o1","line":"b","index":1}]""", JsonValues.ToJson(result.Output!["reserved"]));
        Assert.Equal(2, result.Types.Count(t => t == "MapIterationSucceeded"));
    }

    [Fact]
    public async Task Map_Distributed_RecordsAMapRunInsteadOfIterations()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Lines","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
              "StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$"},"End":true}}},"End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, "[1,2]");
        Assert.Equal("""[{"v":1},{"v":2}]""", JsonValues.ToJson(result.Output));
        Assert.Equal(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"], result.Types);
        Assert.Contains(":mapRun:", result.History[3]!["mapRunStartedEventDetails"]!["mapRunArn"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/Lines:", result.History[3]!["mapRunStartedEventDetails"]!["mapRunArn"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_BranchFails_FailsWithBranchError()
    {
        var definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"PaymentDeclined","Cause":"tok_declined"}}}],
              "Catch":[{"ErrorEquals":["PaymentDeclined"],"ResultPath":"$.failure","Next":"Compensate"}],"End":true},
              "Compensate":{"Type":"Pass","End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """{"orderId":"o1"}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("PaymentDeclined", result.Output!["failure"]!["Error"]!.GetValue<string>());
        Assert.Contains("ParallelStateFailed", result.Types);
    }

    [Fact]
    public async Task Variables_AssignedThenReferenced_InLaterStatesAndInnerScopes()
    {
        var definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":{"total":42},"Assign":{"total.$":"$.total","items":[1,2]},"Next":"M"},
              "M":{"Type":"Map","ItemsPath":"$items","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass",
                 "Parameters":{"v.$":"$","t.$":"$total","f.$":"States.Format('{}-{}', $, $total)"},"End":true}}},"End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition);
        Assert.Equal("""[{"v":1,"t":42,"f":"1-42"},{"v":2,"t":42,"f":"2-42"}]""", JsonValues.ToJson(result.Output));
        var exited = result.History.First(e => e!["type"]!.GetValue<string>() == "PassStateExited")!["stateExitedEventDetails"]!;
        Assert.Equal("42", exited["assignedVariables"]!["total"]!.GetValue<string>());
    }

    [Fact]
    public async Task InputResultOutputPaths_ShapeDataAsAws()
    {
        var definition = """
            {"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.order","Parameters":{"id.$":"$.id","n":1},
              "ResultPath":"$.shaped","OutputPath":"$.shaped","End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """{"order":{"id":"o1"}}""");
        Assert.Equal("""{"id":"o1","n":1}""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ResultPath_IntoNonObject_FailsWithResultPathMatchFailure()
    {
        var definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.x","End":true}}}""";
        var result = await new AslTestHost().RunAsync(definition, "[1]");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.ResultPathMatchFailure, result.Error);
    }

    [Fact]
    public async Task Task_SnsSqsAndAwsSdk_CallTheIntegrationInvoker()
    {
        var services = new FakeServices(i => FakeServices.Ok(i.Action == "publish" ? """{"MessageId":"m1"}""" : """{"MessageId":"q1"}"""));
        var definition = """
            {"StartAt":"Sns","States":{
              "Sns":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"t","Message.$":"$"},"ResultPath":"$.sns","Next":"Sqs"},
              "Sqs":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"x"},"ResultPath":"$.sqs","Next":"Kinesis"},
              "Kinesis":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:kinesis:putRecord","Parameters":{"StreamName":"s","Data":"x","PartitionKey":"p"},"ResultPath":"$.k","End":true}}}
            """;
        var result = await new AslTestHost(services: services).RunAsync(definition, """{"a":1}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(["sns:publish:False", "sqs:sendMessage:False", "kinesis:putRecord:True"], services.Calls.Select(c => $"{c.Service}:{c.Action}:{c.AwsSdk}"));
        Assert.Equal("m1", result.Output!["sns"]!["MessageId"]!.GetValue<string>());
        Assert.NotNull(result.Output["sns"]!["SdkHttpMetadata"]);
        Assert.Null(result.Output["k"]!["SdkHttpMetadata"]);
        var scheduled = result.History.Last(e => e!["type"]!.GetValue<string>() == "TaskScheduled")!["taskScheduledEventDetails"]!;
        Assert.Equal("aws-sdk:kinesis", scheduled["resourceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wait_ScaledClock_WaitsScaledTime()
    {
        var definition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"End":true}}}""";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await new AslTestHost(scale: 0.05).RunAsync(definition);
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 90, 5000);
    }

    [Fact]
    public async Task Fail_WithoutErrorOrCause_FailsWithEmptyDetails()
    {
        var result = await new AslTestHost().RunAsync("""{"StartAt":"F","States":{"F":{"Type":"Fail"}}}""");
        Assert.Equal("FAILED", result.Status);
        Assert.Null(result.Error);
        Assert.Empty(result.History[^1]!["executionFailedEventDetails"]!.AsObject());
    }

    private sealed class NeverLambda : ILambdaInvoker
    {
        public async Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return LambdaInvocationResult.Success("null");
        }
    }
}
