using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>TestState through the real AWS CLI (<c>aws stepfunctions test-state</c>) on the shared endpoint.</summary>
public sealed class TestStateCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/local";

    [Fact]
    public async Task TestState_JsonPathPassAtDebug_AnswersOutputAndInspectionData()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Definition = """{"Type":"Pass","InputPath":"$.order","Parameters":{"id.$":"$.id","source":"cli"},"ResultPath":"$.picked","Next":"Later"}""";

        var answer = await aws.JsonAsync("stepfunctions", "test-state", "--definition", Definition, "--role-arn", Role,
            "--input", """{"order":{"id":"o-1"}}""", "--inspection-level", "DEBUG");

        Assert.Equal("SUCCEEDED", answer.GetProperty("status").GetString());
        Assert.Equal("Later", answer.GetProperty("nextState").GetString());
        Assert.Equal("""{"order":{"id":"o-1"},"picked":{"id":"o-1","source":"cli"}}""", Compact(answer.GetProperty("output").GetString()!));
        var data = answer.GetProperty("inspectionData");
        Assert.Equal("""{"id":"o-1"}""", Compact(data.GetProperty("afterInputPath").GetString()!));
        Assert.Equal("""{"id":"o-1","source":"cli"}""", Compact(data.GetProperty("afterParameters").GetString()!));
    }

    [Fact]
    public async Task TestState_JsonataFailState_AnswersTheEvaluatedErrorAndCause()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Definition = """{"QueryLanguage":"JSONata","Type":"Fail","Error":"{% 'Order.' & $states.input.why %}","Cause":"{% $string($states.input.count) & ' items' %}"}""";

        var answer = await aws.JsonAsync("stepfunctions", "test-state", "--definition", Definition, "--role-arn", Role,
            "--input", """{"why":"Rejected","count":3}""");

        Assert.Equal("FAILED", answer.GetProperty("status").GetString());
        Assert.Equal("Order.Rejected", answer.GetProperty("error").GetString());
        Assert.Equal("3 items", answer.GetProperty("cause").GetString());
    }

    [Fact]
    public async Task TestState_JsonPathFieldInJsonataState_FailsWithInvalidDefinition()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Definition = """{"QueryLanguage":"JSONata","Type":"Pass","InputPath":"$.a","End":true}""";

        var error = await aws.FailAsync("stepfunctions", "test-state", "--definition", Definition, "--role-arn", Role, "--input", "{}");

        Assert.Contains("InvalidDefinition", error, StringComparison.Ordinal);
        Assert.Contains("The field 'InputPath' is not supported by Step Functions when the QueryLanguage is JSONata", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestState_MockedTaskError_WithRetrierRetryCountAndContext_IsCaught()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"no-such-function"},"Retry":[{"ErrorEquals":["MockException"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handle"}],"Next":"Done"}""";

        var answer = await aws.JsonAsync("stepfunctions", "test-state", "--definition", Definition, "--input", """{"id":"o-1"}""",
            "--mock", """{"errorOutput":{"error":"MockException","cause":"mocked"}}""", "--state-configuration", """{"retrierRetryCount":2}""",
            "--context", """{"Execution":{"Name":"given"}}""", "--inspection-level", "DEBUG");

        Assert.Equal("CAUGHT_ERROR", answer.GetProperty("status").GetString());
        Assert.Equal("Handle", answer.GetProperty("nextState").GetString());
        Assert.Equal("""{"id":"o-1","error":{"Error":"MockException","Cause":"mocked"}}""", Compact(answer.GetProperty("output").GetString()!));
        Assert.Equal(0, answer.GetProperty("inspectionData").GetProperty("errorDetails").GetProperty("catchIndex").GetInt32());
    }

    [Fact]
    public async Task TestState_MapWithoutMock_IsRefusedAsAwsRefusesIt()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Definition = """{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";

        var error = await aws.FailAsync("stepfunctions", "test-state", "--definition", Definition, "--role-arn", Role, "--input", "[]");

        Assert.Contains("InvalidDefinition", error, StringComparison.Ordinal);
        Assert.Contains("TestState API does not support Map or Parallel states", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestState_MockedLambdaInvokeResult_IsHeldToTheResponseShapeAndWaitForTaskTokenNeedsAMock()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "test-state");
        const string Invoke = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}""";
        const string Callback = """{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"QueueUrl":"q","MessageBody.$":"$$.Task.Token"},"End":true}""";

        var wrongType = await aws.FailAsync("stepfunctions", "test-state", "--definition", Invoke, "--input", "{}",
            "--mock", """{"result":"{\"StatusCode\":\"200\"}","fieldValidationMode":"STRICT"}""");
        var notChecked = await aws.JsonAsync("stepfunctions", "test-state", "--definition", Invoke, "--input", "{}",
            "--mock", """{"result":"{\"StatusCode\":\"200\"}","fieldValidationMode":"NONE"}""");
        var noMock = await aws.FailAsync("stepfunctions", "test-state", "--definition", Callback, "--role-arn", Role, "--input", "{}");

        Assert.Contains("Mock result schema validation error: Field 'StatusCode' must be a number", wrongType, StringComparison.Ordinal);
        Assert.Equal("""{"StatusCode":"200"}""", Compact(notChecked.GetProperty("output").GetString()!));
        Assert.Contains("InvalidDefinition", noMock, StringComparison.Ordinal);
        Assert.Contains("does not support the .waitForTaskToken service integration pattern without a mock", noMock, StringComparison.Ordinal);
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
