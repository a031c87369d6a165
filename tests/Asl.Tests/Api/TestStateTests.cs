using System.Text.Json.Nodes;
using Sluice.Asl.Resources;
using Sluice.Asl.Tests.Execution;

namespace Sluice.Asl.Tests.Api;

/// <summary>TestState: one state run once; expected values follow AWS's recorded TestState answers.</summary>
public sealed class TestStateTests
{
    private const string Role = "arn:aws:iam::000000000000:role/test";

    private static async Task<(int Status, JsonObject Body)> TestAsync(AslTestHost host, string definition, string input, string? level = null, string? stateName = null, string? variables = null, bool role = true)
    {
        var request = new JsonObject { ["definition"] = definition, ["input"] = input };
        if (role)
        {
            request["roleArn"] = Role;
        }

        if (level is not null)
        {
            request["inspectionLevel"] = level;
        }

        if (stateName is not null)
        {
            request["stateName"] = stateName;
        }

        if (variables is not null)
        {
            request["variables"] = variables;
        }

        return await host.CallAsync("TestState", request);
    }

    private static JsonNode? Parsed(JsonNode? text) => JsonNode.Parse(text!.GetValue<string>());

    [Fact]
    public async Task TestState_JsonataTaskAtDebug_ReportsArgumentsAndOutput()
    {
        var lambda = new FakeLambda((_, payload) => LambdaInvocationResult.Success(payload));
        const string Definition = """{"QueryLanguage":"JSONata","Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Arguments":{"id":"{% $states.input.id * 2 %}"},"Output":{"got":"{% $states.result.id %}"},"End":true}""";

        var (status, body) = await TestAsync(new AslTestHost(lambda), Definition, """{"id":7}""", "DEBUG");

        Assert.Equal(200, status);
        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Equal("""{"got":14}""", Parsed(body["output"])!.ToJsonString());
        var data = body["inspectionData"]!.AsObject();
        Assert.Equal("""{"id":14}""", Parsed(data["afterArguments"])!.ToJsonString());
        Assert.Equal("""{"id":7}""", Parsed(data["input"])!.ToJsonString());
        Assert.Equal("""{"id":14}""", Assert.Single(lambda.Calls).Payload);
    }

    [Fact]
    public async Task TestState_PassAtDebug_ReportsEachProcessingStep()
    {
        const string Definition = """{"Type":"Pass","InputPath":"$.initialData","Parameters":{"staticValue":"some value","inputValue.$":"$.fieldFromInput"},"ResultPath":"$.modifiedData","End":true}""";
        const string Input = """{"initialData":{"fieldFromInput":"value from input","otherField":"other"},"unrelatedData":{"someOtherField":1234}}""";

        var (status, body) = await TestAsync(new AslTestHost(), Definition, Input, "DEBUG");

        Assert.Equal(200, status);
        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Null(body["nextState"]);
        const string Output = """{"initialData":{"fieldFromInput":"value from input","otherField":"other"},"unrelatedData":{"someOtherField":1234},"modifiedData":{"staticValue":"some value","inputValue":"value from input"}}""";
        Assert.Equal(Output, Parsed(body["output"])!.ToJsonString());
        var data = body["inspectionData"]!.AsObject();
        Assert.Equal(["afterInputPath", "afterParameters", "afterResultPath", "afterResultSelector", "input"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Input, Parsed(data["input"])!.ToJsonString());
        Assert.Equal("""{"fieldFromInput":"value from input","otherField":"other"}""", Parsed(data["afterInputPath"])!.ToJsonString());
        Assert.Equal("""{"staticValue":"some value","inputValue":"value from input"}""", Parsed(data["afterParameters"])!.ToJsonString());
        Assert.Equal("""{"staticValue":"some value","inputValue":"value from input"}""", Parsed(data["afterResultSelector"])!.ToJsonString());
        Assert.Equal(Output, Parsed(data["afterResultPath"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_PassWithResult_ReportsTheResultInsteadOfParameters()
    {
        var (_, body) = await TestAsync(new AslTestHost(), """{"Type":"Pass","Result":{"resultKey":"result value"},"End":true}""", """{"Value":"HelloWorld"}""", "TRACE");

        var data = body["inspectionData"]!.AsObject();
        Assert.Equal(["afterResultPath", "afterResultSelector", "input", "result"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("""{"resultKey":"result value"}""", Parsed(data["result"])!.ToJsonString());
        Assert.Equal("""{"resultKey":"result value"}""", Parsed(body["output"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_ChoiceAtInfo_GivesTheNextStateWithoutInspectionData()
    {
        const string Definition = """
            {"Type":"Choice","Choices":[{"And":[{"Variable":"$.value","NumericGreaterThanEquals":20},{"Variable":"$.value","NumericLessThan":30}],"Next":"ValueInTwenties"}],"Default":"Other"}
            """;

        var (_, body) = await TestAsync(new AslTestHost(), Definition, """{"type":"Private","value":22}""");

        Assert.Equal(("SUCCEEDED", "ValueInTwenties"), (body["status"]!.GetValue<string>(), body["nextState"]!.GetValue<string>()));
        Assert.Equal("""{"type":"Private","value":22}""", Parsed(body["output"])!.ToJsonString());
        Assert.Null(body["inspectionData"]);
    }

    [Fact]
    public async Task TestState_Fail_IsFailedWithItsErrorAndCause()
    {
        var (_, body) = await TestAsync(new AslTestHost(), """{"Type":"Fail","Error":"SomeFailure","Cause":"This state machines raises a 'SomeFailure' failure."}""", """{"Value":"HelloWorld"}""");

        Assert.Equal("FAILED", body["status"]!.GetValue<string>());
        Assert.Equal(("SomeFailure", "This state machines raises a 'SomeFailure' failure."), (body["error"]!.GetValue<string>(), body["cause"]!.GetValue<string>()));
        Assert.Null(body["output"]);
    }

    [Fact]
    public async Task TestState_CaughtTaskError_IsCaughtErrorWithTheCatcherAndItsNextState()
    {
        var lambda = new FakeLambda((_, _) => LambdaInvocationResult.Failure("""{"errorType":"OutOfStock","errorMessage":"none left"}"""));
        const string Definition = """
            {"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:reserve","Next":"Done",
             "Catch":[{"ErrorEquals":["Other"],"Next":"Elsewhere"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"HandleOutOfStock"}]}
            """;

        var (_, body) = await TestAsync(new AslTestHost(lambda), Definition, """{"order":"o-1"}""", "DEBUG");

        Assert.Equal("CAUGHT_ERROR", body["status"]!.GetValue<string>());
        Assert.Equal("HandleOutOfStock", body["nextState"]!.GetValue<string>());
        Assert.Equal("OutOfStock", body["error"]!.GetValue<string>());
        Assert.Equal(1, body["inspectionData"]!["errorDetails"]!["catchIndex"]!.GetValue<int>());
        Assert.Equal("OutOfStock", Parsed(body["output"])!["error"]!["Error"]!.GetValue<string>());
        Assert.Single(lambda.Calls);
    }

    [Fact]
    public async Task TestState_MatchingRetrier_IsRetriableAndRunsOnce()
    {
        var lambda = new FakeLambda((_, _) => LambdaInvocationResult.Failure("""{"errorType":"Throttled","errorMessage":"slow down"}"""));
        const string Definition = """
            {"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:reserve","End":true,
             "Retry":[{"ErrorEquals":["Throttled"],"IntervalSeconds":3,"MaxAttempts":2}]}
            """;

        var (_, body) = await TestAsync(new AslTestHost(lambda), Definition, "{}", "DEBUG");

        Assert.Equal("RETRIABLE", body["status"]!.GetValue<string>());
        Assert.Equal("Throttled", body["error"]!.GetValue<string>());
        Assert.Equal("slow down", JsonNode.Parse(body["cause"]!.GetValue<string>())!["errorMessage"]!.GetValue<string>());
        Assert.Equal(0, body["inspectionData"]!["errorDetails"]!["retryIndex"]!.GetValue<int>());
        Assert.Equal(3, body["inspectionData"]!["errorDetails"]!["retryBackoffIntervalSeconds"]!.GetValue<int>());
        Assert.Single(lambda.Calls);
    }

    [Fact]
    public async Task TestState_LambdaTask_ReportsTheTaskResult()
    {
        var lambda = new FakeLambda((_, payload) => LambdaInvocationResult.Success("\"" + JsonNode.Parse(payload)!["inputData"]!.GetValue<string>() + "!\""));
        const string Definition = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:greet","End":true}""";

        var (_, body) = await TestAsync(new AslTestHost(lambda), Definition, """{"inputData":"HelloWorld"}""", "DEBUG");

        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Equal("\"HelloWorld!\"", body["output"]!.GetValue<string>());
        Assert.Equal("\"HelloWorld!\"", body["inspectionData"]!["result"]!.GetValue<string>());
        Assert.Equal("""{"inputData":"HelloWorld"}""", Parsed(body["inspectionData"]!["afterParameters"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_StateNameInAWholeDefinition_RunsThatState()
    {
        const string Definition = """
            {"StartAt":"State0","States":{"State0":{"Type":"Pass","Next":"State1"},"State1":{"Type":"Fail","Error":"SomeFailure"}}}
            """;
        var host = new AslTestHost();

        var (_, first) = await TestAsync(host, Definition, """{"Value":"HelloWorld"}""", stateName: "State0");
        var (_, second) = await TestAsync(host, Definition, "{}", stateName: "State1");
        var (missingStatus, missing) = await TestAsync(host, Definition, "{}", stateName: "Nope");

        Assert.Equal(("SUCCEEDED", "State1"), (first["status"]!.GetValue<string>(), first["nextState"]!.GetValue<string>()));
        Assert.Equal(("FAILED", "SomeFailure"), (second["status"]!.GetValue<string>(), second["error"]!.GetValue<string>()));
        Assert.Equal((400, "State not found in definition"), (missingStatus, missing["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TestState_Variables_AreVisibleToTheState()
    {
        var (_, body) = await TestAsync(new AslTestHost(), """{"Type":"Pass","Parameters":{"limit.$":"$limit"},"End":true}""", "{}", variables: """{"limit":5}""");

        Assert.Equal("""{"limit":5}""", Parsed(body["output"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_BadRequests_GetAwsErrors()
    {
        var host = new AslTestHost();
        const string Task = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","End":true}""";

        var (s1, noRole) = await TestAsync(host, Task, "{}", role: false);
        var (s2, badLevel) = await TestAsync(host, """{"Type":"Pass","End":true}""", "{}", "LOUD");
        var (s3, badInput) = await TestAsync(host, """{"Type":"Pass","End":true}""", "{not json");
        var (s4, badState) = await TestAsync(host, """{"Type":"Nope","End":true}""", "{}");

        Assert.Equal((400, "RoleArn must be specified when testing a Task state"), (s1, noRole["message"]!.GetValue<string>()));
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#ValidationException"), (s2, badLevel["__type"]!.GetValue<string>()));
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#InvalidExecutionInput"), (s3, badInput["__type"]!.GetValue<string>()));
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#InvalidDefinition"), (s4, badState["__type"]!.GetValue<string>()));
    }
}
