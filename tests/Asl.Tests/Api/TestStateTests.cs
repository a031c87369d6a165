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
    public async Task TestState_AtTrace_ReportsTheGivenAndAssignedVariables_AndNoneWhenThereAreNone()
    {
        var host = new AslTestHost();
        const string Assigning = """{"QueryLanguage":"JSONata","Type":"Pass","Assign":{"doubled":"{% $limit * 2 %}"},"Output":"{% $limit %}","End":true}""";

        var (_, body) = await TestAsync(host, Assigning, "{}", level: "TRACE", variables: """{"limit":5}""");
        var (_, without) = await TestAsync(host, """{"Type":"Pass","End":true}""", "{}", level: "TRACE");

        Assert.Equal("5", body["output"]!.GetValue<string>());
        Assert.Equal("""{"limit":5,"doubled":10}""", Parsed(body["inspectionData"]!["variables"])!.ToJsonString());
        Assert.False(without["inspectionData"]!.AsObject().ContainsKey("variables"));
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

    private static Task<(int Status, JsonObject Body)> MockedAsync(AslTestHost host, string definition, string input, JsonObject mock, string? level = null, JsonObject? configuration = null, string? context = null)
    {
        var request = new JsonObject { ["definition"] = definition, ["input"] = input, ["mock"] = mock };
        if (level is not null)
        {
            request["inspectionLevel"] = level;
        }

        if (configuration is not null)
        {
            request["stateConfiguration"] = configuration;
        }

        if (context is not null)
        {
            request["context"] = context;
        }

        return host.CallAsync("TestState", request);
    }

    [Fact]
    public async Task TestState_MockedTaskResult_IsTheResultWithoutCallingTheFunctionOrNeedingARole()
    {
        var lambda = new FakeLambda((_, payload) => LambdaInvocationResult.Success(payload));
        const string Definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"ResultSelector":{"body.$":"$.Payload","name.$":"$$.Execution.Name"},"ResultPath":"$.answer","End":true}""";

        var (status, body) = await MockedAsync(new AslTestHost(lambda), Definition, """{"id":1}""",
            new JsonObject { ["result"] = """{"Payload":"function output","SdkHttpMetadata":{"HttpStatusCode":200}}""" },
            context: """{"Execution":{"Name":"given-name"}}""");

        Assert.Equal(200, status);
        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Equal("""{"id":1,"answer":{"body":"function output","name":"given-name"}}""", Parsed(body["output"])!.ToJsonString());
        Assert.Empty(lambda.Calls);
    }

    [Fact]
    public async Task TestState_MockedTaskError_WithRetrierRetryCount_IsRetriableThenCaught()
    {
        const string Definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Retry":[{"ErrorEquals":["MockException"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":3}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],"Next":"Done"}""";
        var mock = new JsonObject { ["errorOutput"] = new JsonObject { ["error"] = "MockException", ["cause"] = "Mock the cause." } };
        var host = new AslTestHost();

        var (_, retriable) = await MockedAsync(host, Definition, "{}", (JsonObject)mock.DeepClone(), "DEBUG", new JsonObject { ["retrierRetryCount"] = 2 });
        var (_, caught) = await MockedAsync(host, Definition, "{}", (JsonObject)mock.DeepClone(), "DEBUG", new JsonObject { ["retrierRetryCount"] = 3 });

        Assert.Equal("RETRIABLE", retriable["status"]!.GetValue<string>());
        Assert.Equal("MockException", retriable["error"]!.GetValue<string>());
        Assert.Equal(4, retriable["inspectionData"]!["errorDetails"]!["retryBackoffIntervalSeconds"]!.GetValue<int>());
        Assert.Equal("CAUGHT_ERROR", caught["status"]!.GetValue<string>());
        Assert.Equal("Handle", caught["nextState"]!.GetValue<string>());
        Assert.Equal("""{"Error":"MockException","Cause":"Mock the cause."}""", Parsed(caught["output"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_MockedMap_AppliesToleratedFailuresToTheIterationFailureCount()
    {
        const string Definition = """{"Type":"Map","ItemsPath":"$.Values","MaxConcurrency":2,"ToleratedFailureCount":1,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Catch":[{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Next":"Handle"}],"End":true}""";
        const string Input = """{"Values":["first","second","third"]}""";
        var host = new AslTestHost();

        var (_, below) = await MockedAsync(host, Definition, Input, new JsonObject { ["result"] = "[1,1,1]" }, "DEBUG", new JsonObject { ["mapIterationFailureCount"] = 1 });
        var (_, above) = await MockedAsync(host, Definition, Input, new JsonObject { ["result"] = "[0,0,1]" }, "DEBUG", new JsonObject { ["mapIterationFailureCount"] = 2 });

        Assert.Equal("SUCCEEDED", below["status"]!.GetValue<string>());
        Assert.Equal("[1,1,1]", Parsed(below["output"])!.ToJsonString());
        var data = below["inspectionData"]!.AsObject();
        Assert.Equal(2, data["maxConcurrency"]!.GetValue<int>());
        Assert.Equal(1, data["toleratedFailureCount"]!.GetValue<int>());
        Assert.Equal("""["first","second","third"]""", Parsed(data["afterItemsPath"])!.ToJsonString());
        Assert.Equal("CAUGHT_ERROR", above["status"]!.GetValue<string>());
        Assert.Equal("States.ExceedToleratedFailureThreshold", above["error"]!.GetValue<string>());
        Assert.Equal("The specified tolerated failure threshold was exceeded", above["cause"]!.GetValue<string>());
        Assert.Equal("Handle", above["nextState"]!.GetValue<string>());
    }

    [Fact]
    public async Task TestState_MockedMap_InspectsEachIterationsInputAfterItemSelectorAndItemBatcher()
    {
        const string Batched = """{"Type":"Map","ItemsPath":"$.Values","ItemSelector":{"value.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index","tag.$":"$.tag"},"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag.$":"$.tag"}},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        const string Jsonata = """{"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.Values %}","ItemSelector":{"value":"{% $uppercase($states.context.Map.Item.Value) %}"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        const string Plain = """{"Type":"Map","ItemsPath":"$.Values","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        const string Input = """{"Values":["a","b","c"],"tag":"t"}""";
        var host = new AslTestHost();

        var (_, batched) = await MockedAsync(host, Batched, Input, new JsonObject { ["result"] = "[1,1]" }, "DEBUG");
        var (_, jsonata) = await MockedAsync(host, Jsonata, Input, new JsonObject { ["result"] = "[1,1,1]" }, "DEBUG");
        var (_, plain) = await MockedAsync(host, Plain, Input, new JsonObject { ["result"] = "[1,1,1]" }, "DEBUG");
        var (_, info) = await MockedAsync(host, Batched, Input, new JsonObject { ["result"] = "[1,1]" });

        var data = batched["inspectionData"]!.AsObject();
        Assert.Equal("""[{"value":"a","index":0,"tag":"t"},{"value":"b","index":1,"tag":"t"},{"value":"c","index":2,"tag":"t"}]""", Parsed(data["afterItemSelector"])!.ToJsonString());
        Assert.Equal("""[{"BatchInput":{"tag":"t"},"Items":[{"value":"a","index":0,"tag":"t"},{"value":"b","index":1,"tag":"t"}]},{"BatchInput":{"tag":"t"},"Items":[{"value":"c","index":2,"tag":"t"}]}]""", Parsed(data["afterItemBatcher"])!.ToJsonString());
        Assert.Equal("""[{"value":"A"},{"value":"B"},{"value":"C"}]""", Parsed(jsonata["inspectionData"]!["afterItemSelector"])!.ToJsonString());
        Assert.Null(jsonata["inspectionData"]!["afterItemBatcher"]);
        Assert.Null(plain["inspectionData"]!["afterItemSelector"]);
        Assert.Null(info["inspectionData"]);
        Assert.Equal("SUCCEEDED", batched["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TestState_MockedParallel_IsTheMockedBranchResults()
    {
        const string Definition = """{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}""";

        var (_, body) = await MockedAsync(new AslTestHost(), Definition, "{}", new JsonObject { ["result"] = """[{"a":1},{"b":2}]""" });

        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Equal("""[{"a":1},{"b":2}]""", Parsed(body["output"])!.ToJsonString());
    }

    [Fact]
    public async Task TestState_MockedResultLeftAsItIs_IsAnsweredAsWritten_AndReshapedOneIsSerialised()
    {
        var host = new AslTestHost();
        const string Plain = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}""";
        const string Placed = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"ResultPath":"$.r","End":true}""";
        var mock = new JsonObject { ["result"] = """{"Payload": [1, 1, 1]}""" };

        var (_, plain) = await MockedAsync(host, Plain, "{}", (JsonObject)mock.DeepClone());
        var (_, placed) = await MockedAsync(host, Placed, "{}", (JsonObject)mock.DeepClone());

        Assert.Equal("""{"Payload": [1, 1, 1]}""", plain["output"]!.GetValue<string>());
        Assert.Equal("""{"r":{"Payload":[1,1,1]}}""", placed["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task TestState_MockRules_GetAwsMessages()
    {
        var host = new AslTestHost();
        const string Map = """{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        const string Parallel = """{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}],"End":true}""";
        const string Task = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}""";
        var result = new JsonObject { ["result"] = "{}" };

        async Task<string> Message(JsonObject request)
        {
            var (status, body) = await host.CallAsync("TestState", request);
            Assert.Equal(400, status);
            return body["message"]!.GetValue<string>();
        }

        Assert.Equal("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
            await Message(new JsonObject { ["definition"] = Map, ["roleArn"] = Role }));
        Assert.Equal("State type 'Pass' is not supported when a mock is specified",
            await Message(new JsonObject { ["definition"] = """{"Type":"Pass","End":true}""", ["mock"] = result.DeepClone() }));
        Assert.Equal("A test mock should have only one of the following fields: [result, errorOutput].",
            await Message(new JsonObject { ["definition"] = Task, ["mock"] = new JsonObject { ["result"] = "{}", ["errorOutput"] = new JsonObject { ["error"] = "E" } } }));
        Assert.Equal("TestState does not support RevealSecrets when a mock is specified.",
            await Message(new JsonObject { ["definition"] = Task, ["mock"] = result.DeepClone(), ["revealSecrets"] = true }));
        Assert.Equal("Mocked result must be an array.",
            await Message(new JsonObject { ["definition"] = Map, ["mock"] = result.DeepClone() }));
        Assert.Equal("Mocked result must contain the same number of items as number of Parallel branches.",
            await Message(new JsonObject { ["definition"] = Parallel, ["mock"] = new JsonObject { ["result"] = "[1,2]" } }));
        Assert.Equal("Context may only be specified if a mock is specified in the same request.",
            await Message(new JsonObject { ["definition"] = Task, ["roleArn"] = Role, ["context"] = "{}" }));
    }

    [Theory]
    [InlineData("arn:aws:states:us-east-1:123456789012:activity:review", "Activity tasks")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", "the .sync service integration pattern")]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "the .waitForTaskToken service integration pattern")]
    public async Task TestState_TaskThatWaitsWithoutAMock_IsRefusedAndRunsWithOne(string resource, string what)
    {
        var host = new AslTestHost();
        var definition = $$"""{"Type":"Task","Resource":"{{resource}}","End":true}""";

        var (refusedStatus, refused) = await host.CallAsync("TestState", new JsonObject { ["definition"] = definition, ["roleArn"] = Role });
        var (_, mocked) = await MockedAsync(host, definition, "{}", new JsonObject { ["result"] = """{"ExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:m:e","StartDate":"2026-01-01T00:00:00Z","Status":"SUCCEEDED"}""" });

        Assert.Equal(400, refusedStatus);
        Assert.Equal("com.amazonaws.swf.service.v2.model#InvalidDefinition", refused["__type"]!.GetValue<string>());
        Assert.Equal($"TestState API does not support {what} without a mock. Specify a mock to test this state.", refused["message"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", mocked["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TestState_MockedLambdaInvokeResult_IsHeldToTheInvokeResponseShapeUnlessNone()
    {
        var host = new AslTestHost();
        const string Task = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}""";
        const string WrongStatus = """{"StatusCode":"200","Payload":{"ok":true}}""";

        async Task<(int Status, JsonObject Body)> Run(string result, string? mode)
        {
            var mock = new JsonObject { ["result"] = result };
            if (mode is not null)
            {
                mock["fieldValidationMode"] = mode;
            }

            return await MockedAsync(host, Task, "{}", mock);
        }

        var (strictStatus, strict) = await Run(WrongStatus, null);
        var (presentStatus, present) = await Run("""{"ExecutedVersion":7}""", "PRESENT");
        var (_, none) = await Run(WrongStatus, "NONE");
        var (_, extra) = await Run("""{"random":"json","StatusCode":200,"Payload":[1,"two"]}""", "STRICT");
        var (_, empty) = await Run("{}", "STRICT");

        Assert.Equal((400, "Mock result schema validation error: Field 'StatusCode' must be a number"), (strictStatus, strict["message"]!.GetValue<string>()));
        Assert.Equal((400, "Mock result schema validation error: Field 'ExecutedVersion' must be a string"), (presentStatus, present["message"]!.GetValue<string>()));
        Assert.Equal("""{"StatusCode":"200","Payload":{"ok":true}}""", Parsed(none["output"])!.ToJsonString());
        Assert.Equal("SUCCEEDED", extra["status"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", empty["status"]!.GetValue<string>());
    }

    /// <summary>
    /// The recorded fieldValidationMode cases (TestData/recordings/test_state/test_field_validation_mode*.snapshot.json,
    /// AWS's answers; the states and mocks are those of the tests that recorded them): the state, its
    /// input, the mocked result, the mode (null: the default, STRICT) and AWS's message, or null when AWS
    /// ran the state.
    /// </summary>
    public static TheoryData<string, string, string, string?, string?> RecordedResultShapeCases()
    {
        const string Events = """{"Type":"Task","Resource":"arn:aws:states:::events:putEvents","Parameters":{"Entries.$":"$.Entries"},"End":true}""";
        const string EventsInput = """{"Entries":[{"Detail":"detail","DetailType":"detail_type","Source":"source"}]}""";
        const string Sfn = """{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::states:startExecution","Arguments":{"Input":"{% $states.input.targetInput %}","StateMachineArn":"{% $states.input.stateMachineArn %}","Name":"{% $states.input.name %}"},"Output":{"targetExecutionResult":"{% $states.result %}"},"End":true}""";
        const string SfnInput = """{"stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:TargetStateMachine","targetInput":null,"name":"TestStartTarget"}""";
        const string Lambda = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.FunctionName","Payload.$":"$.Payload"},"End":true}""";
        const string LambdaInput = """{"FunctionName":"function_name","Payload":null}""";
        const string Dynamo = """{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"TableName.$":"$.TableName","Item.$":"$.Item"},"End":true}""";
        const string DynamoInput = """{"TableName":"table_name","Item":{"data":{"S":"HelloWorld"},"id":{"S":"id1"}}}""";
        const string S3 = """{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:getObject","Parameters":{"Bucket.$":"$.Bucket","Key.$":"$.Key"},"End":true}""";
        const string S3Input = """{"Bucket":"bucket_name","Key":"file_key"}""";
        const string Kms = """{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:kms:encrypt","Parameters":{"KeyId.$":"$.KeyId","Plaintext.$":"$.Plaintext"},"End":true}""";
        const string KmsInput = """{"KeyId":"key_id","Plaintext":"plain_text"}""";
        const string GetFunction = """{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:lambda:getFunction","Parameters":{"FunctionName.$":"$.FunctionName"},"End":true}""";
        const string GetFunctionInput = """{"FunctionName":"function_name"}""";
        var data = new TheoryData<string, string, string, string?, string?>();
        foreach (var mode in new string?[] { null, "PRESENT" })
        {
            data.Add(Events, EventsInput, """{"random":"json"}""", mode, null);
            data.Add(Events, EventsInput, "{}", mode, null);
            data.Add(Events, EventsInput, """{"Entries":"Entries value should have been a list of entry objects"}""", mode, "Field 'Entries' must be an array");
            data.Add(Events, EventsInput, """{"Entries":[{"EventId":["EventId value should have been a string not a list of strings"]}]}""", mode, "Field 'EventId' must be a string");
            data.Add(Events, EventsInput, """{"Entries":[{"EventId":"First eventId has correct type: string"},{"EventId":["Second eventId has incorrect type: array"]}]}""", mode, "Field 'EventId' must be a string");
            data.Add(Lambda, LambdaInput, """{"StatusCode":"200"}""", mode, "Field 'StatusCode' must be a number");
            data.Add(Dynamo, DynamoInput, """{"ConsumedCapacity":{"CapacityUnits":"123.45"}}""", mode, "Field 'CapacityUnits' must be a number");
            data.Add(S3, S3Input, """{"ContentLength":"9000"}""", mode, "Field 'ContentLength' must be a number");
            data.Add(S3, S3Input, """{"StorageClass":"Papyrus"}""", mode, "Field 'StorageClass' is not an expected value");
            data.Add(Kms, KmsInput, """{"CiphertextBlob":123}""", mode, "Field 'CiphertextBlob' must be a string");
            data.Add(Kms, KmsInput, """{"CiphertextBlob":""}""", mode, "Field 'CiphertextBlob' is smaller than the minimum length");
            data.Add(GetFunction, GetFunctionInput, """{"Configuration":{"MemorySize":127}}""", mode, "Field 'MemorySize' is less than the minimum value");
            // Recorded with 10241, over the 10240 MB Lambda allowed then; the model here (botocore 1.43.11) allows 32768.
            data.Add(GetFunction, GetFunctionInput, """{"Configuration":{"MemorySize":32769}}""", mode, "Field 'MemorySize' exceeds the maximum value");
        }

        // STRICT requires what the shape requires (StartExecution's executionArn and startDate, named as Step Functions names them).
        data.Add(Sfn, SfnInput, "{}", null, "Required field 'ExecutionArn' is missing");
        data.Add(Sfn, SfnInput, """{"executionArn":"stringValueExecutionArn","startDate":"stringValueStartDate"}""", null, "Required field 'ExecutionArn' is missing");
        data.Add(Sfn, SfnInput, """{"ExecutionArn":"stringValueExecutionArn","StartDate":true}""", null, "Field 'StartDate' must be a string");
        data.Add(Sfn, SfnInput, """{"ExecutionArn":"stringValueExecutionArn","StartDate":1764103483}""", null, "Field 'StartDate' must be a string");
        // PRESENT checks only what is there.
        data.Add(Sfn, SfnInput, "{}", "PRESENT", null);
        data.Add(Sfn, SfnInput, """{"executionArn":"stringValueExecutionArn","startDate":"stringValueStartDate"}""", "PRESENT", null);
        data.Add(Sfn, SfnInput, """{"StartDate":true}""", "PRESENT", "Field 'StartDate' must be a string");
        data.Add(Sfn, SfnInput, """{"ExecutionArn":1764103483}""", "PRESENT", "Field 'ExecutionArn' must be a string");
        // NONE checks nothing.
        data.Add(Sfn, SfnInput, "{}", "NONE", null);
        data.Add(Sfn, SfnInput, """{"ExecutionArn":"stringValueExecutionArn","StartDate":true}""", "NONE", null);
        return data;
    }

    [Theory]
    [MemberData(nameof(RecordedResultShapeCases))]
    public async Task TestState_MockedIntegrationResult_IsHeldToTheApiResponseShapeAsAwsHoldsIt(string definition, string input, string result, string? mode, string? message)
    {
        var mock = new JsonObject { ["result"] = result };
        if (mode is not null)
        {
            mock["fieldValidationMode"] = mode;
        }

        var (status, body) = await MockedAsync(new AslTestHost(), definition, input, mock);

        if (message is null)
        {
            Assert.Equal((200, "SUCCEEDED"), (status, body["status"]?.GetValue<string>()));
        }
        else
        {
            Assert.Equal((400, "Mock result schema validation error: " + message), (status, body["message"]?.GetValue<string>()));
        }
    }
}
