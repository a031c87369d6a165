using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

/// <summary>JSONata states run end to end through the API: fields, $states, variables, functions and errors.</summary>
public sealed class JsonataExecutionTests
{
    private const string LambdaArn = "arn:aws:lambda:us-east-1:000000000000:function:f";

    private static Task<ExecutionResult> RunAsync(string definition, string input = "{}", ILambdaInvoker? lambda = null) =>
        new AslTestHost(lambda).RunAsync(definition, input);

    [Fact]
    public async Task Pass_OutputAndAssign_SeeInputContextAndEarlierVariables()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"total":"{% $sum($states.input.items.price) %}","literal":7},"Next":"B"},
              "B":{"Type":"Pass","Output":{"total":"{% $total %}","plus":"{% $total + $literal %}","state":"{% $states.context.State.Name %}",
                   "nested":["{% $states.input.name %}","plain {% not an expression"]},"End":true}}}
            """, """{"name":"n1","items":[{"price":2},{"price":3}]}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"total":5,"plus":12,"state":"B","nested":["n1","plain {% not an expression"]}""", JsonValues.ToJson(result.Output));
        var exited = result.History.Single(e => e!["type"]!.GetValue<string>() == "PassStateExited" && e["stateExitedEventDetails"]!["name"]!.GetValue<string>() == "A");
        Assert.Equal("5", exited!["stateExitedEventDetails"]!["assignedVariables"]!["total"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assign_SameState_OutputSeesTheVariablesBeforeTheState()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
              "B":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}"},"Output":{"seen":"{% $x %}"},"Next":"C"},
              "C":{"Type":"Pass","Output":"{% $x %}","End":true}}}
            """);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("2", JsonValues.ToJson(result.Output));
        Assert.Contains(result.History, e => e!["stateExitedEventDetails"]?["output"]?.GetValue<string>() == """{"seen":1}""");
    }

    [Fact]
    public async Task Choice_ConditionAndRuleOutput_PickTheRuleAndShapeItsOutput()
    {
        const string Definition = """
            {"QueryLanguage":"JSONata","StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n > 10 %}","Output":{"big":"{% $states.input.n %}"},"Next":"Big"}],"Default":"Small"},
              "Big":{"Type":"Succeed"},
              "Small":{"Type":"Pass","Output":"small","End":true}}}
            """;

        var big = await RunAsync(Definition, """{"n":11}""");
        var small = await RunAsync(Definition, """{"n":3}""");

        Assert.Equal("""{"big":11}""", JsonValues.ToJson(big.Output));
        Assert.Equal("\"small\"", JsonValues.ToJson(small.Output));
    }

    [Fact]
    public async Task Choice_ConditionNotBoolean_FailsWithQueryEvaluationError()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n %}","Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}
            """, """{"n":"yes"}""");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.QueryEvaluationError, result.Error);
        Assert.EndsWith("The JSONata expression '$states.input.n' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\"", result.Cause);
    }

    [Fact]
    public async Task Task_ArgumentsOutputAndTimeout_EvaluateAgainstInputAndResult()
    {
        var lambda = new FakeLambda((_, payload) => LambdaInvocationResult.Success($$"""{"echo":{{payload}}}"""));
        var result = await RunAsync($$$$$"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"{{{{{LambdaArn}}}}}","Arguments":{"id":"{% $states.input.id %}","twice":"{% $states.input.id * 2 %}"},
                   "TimeoutSeconds":"{% 10 + 5 %}","Output":{"in":"{% $states.input.id %}","out":"{% $states.result.echo.twice %}"},"End":true}}}
            """, """{"id":21}""", lambda);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"id":21,"twice":42}""", Assert.Single(lambda.Calls).Payload);
        Assert.Equal("""{"in":21,"out":42}""", JsonValues.ToJson(result.Output));
        var scheduled = result.History.Single(e => e!["type"]!.GetValue<string>() == "LambdaFunctionScheduled");
        Assert.Equal(15, scheduled!["lambdaFunctionScheduledEventDetails"]!["timeoutInSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Catch_OutputAndAssign_SeeErrorOutputAndInput()
    {
        var lambda = new FakeLambda((_, _) => LambdaInvocationResult.Failure("""{"errorType":"Boom","errorMessage":"bad"}"""));
        var result = await RunAsync($$$$$"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"{{{{{LambdaArn}}}}}","Catch":[{"ErrorEquals":["States.ALL"],"Next":"F",
                   "Assign":{"failed":"{% $states.errorOutput.Error %}"},"Output":{"input":"{% $states.input %}","error":"{% $states.errorOutput.Error %}"}}],"End":true},
              "F":{"Type":"Pass","Output":{"caught":"{% $states.input %}","var":"{% $failed %}"},"End":true}}}
            """, """{"k":1}""", lambda);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"caught":{"input":{"k":1},"error":"Boom"},"var":"Boom"}""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task Map_ItemsItemSelectorAndMaxConcurrency_TakeExpressions()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
              "M":{"Type":"Map","Items":"{% $states.input.xs[$ > 1] %}","MaxConcurrency":"{% 1 + 1 %}",
                   "ItemSelector":{"value":"{% $states.context.Map.Item.Value %}","index":"{% $states.context.Map.Item.Index %}"},
                   "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input.value * 10 + $states.input.index %}","End":true}}},
                   "Output":{"results":"{% $states.result %}"},"End":true}}}
            """, """{"xs":[1,2,3]}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"results":[20,31]}""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task Map_ItemsNotAnArray_FailsWithAwsMessageAndEvents()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
              "M":{"Type":"Map","Items":"{% $states.input.xs %}","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"xs":"abc"}""");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.QueryEvaluationError, result.Error);
        Assert.EndsWith("The JSONata expression '$states.input.xs' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"abc\"", result.Cause);
        Assert.Equal(["ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed"], result.Types);
        var details = result.History[2]!["evaluationFailedEventDetails"]!;
        Assert.Equal("Items", details["location"]!.GetValue<string>());
        Assert.Equal("M", details["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Output_Undefined_FailsWithQueryEvaluationErrorNamingTheField()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"a":{"b":"{% $states.input.missing %}"}},"End":true}}}
            """);

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.QueryEvaluationError, result.Error);
        Assert.Equal("An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/a/b' returned nothing (undefined).", result.Cause);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"], result.Types);
        Assert.Equal(0, result.History[2]!["previousEventId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Eval_IsRemoved_FailsAsANonFunction()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $eval('1+1') %}","End":true}}}
            """);

        Assert.Equal(StatesErrors.QueryEvaluationError, result.Error);
        Assert.EndsWith("threw an error during evaluation. T1006: Attempted to invoke a non-function", result.Cause);
    }

    [Fact]
    public async Task StepFunctionsFunctions_PartitionRangeHashParseRandomUuid_AsDocumented()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{
              "partition":"{% $partition([1,2,3,4,5], 2) %}",
              "range":"{% $range(0, 10, 5) %}",
              "down":"{% $range(3, 1, -1) %}",
              "hash":"{% $hash('hello', 'SHA-256') %}",
              "md5":"{% $hash('hello', 'MD5') %}",
              "parse":"{% $parse('{\"a\":[1,true]}') %}",
              "seeded":"{% $random(42) = $random(42) %}",
              "unit":"{% $random() >= 0 and $random() < 1 %}",
              "uuid":"{% $uuid() %}"},"End":true}}}
            """);

        Assert.Equal("SUCCEEDED", result.Status);
        var output = result.Output!.AsObject();
        Assert.Equal("[[1,2],[3,4],[5]]", JsonValues.ToJson(output["partition"]));
        Assert.Equal("[0,5,10]", JsonValues.ToJson(output["range"]));
        Assert.Equal("[3,2,1]", JsonValues.ToJson(output["down"]));
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", output["hash"]!.GetValue<string>());
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", output["md5"]!.GetValue<string>());
        Assert.Equal("""{"a":[1,true]}""", JsonValues.ToJson(output["parse"]));
        Assert.True(output["seeded"]!.GetValue<bool>());
        Assert.True(output["unit"]!.GetValue<bool>());
        Assert.True(Guid.TryParse(output["uuid"]!.GetValue<string>(), out var uuid) && uuid.Version == 4);
    }

    [Fact]
    public async Task Hash_UnknownAlgorithm_FailsWithQueryEvaluationError()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $hash('x', 'SHA-3') %}","End":true}}}
            """);

        Assert.Equal(StatesErrors.QueryEvaluationError, result.Error);
        Assert.Contains("SHA-3", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAndFail_SecondsErrorAndCause_TakeExpressions()
    {
        var result = await RunAsync("""
            {"QueryLanguage":"JSONata","StartAt":"W","States":{
              "W":{"Type":"Wait","Seconds":"{% $states.input.delay %}","Next":"F"},
              "F":{"Type":"Fail","Error":"{% 'Order.' & $states.input.kind %}","Cause":"{% 'delay was ' & $string($states.input.delay) %}"}}}
            """, """{"delay":0,"kind":"Rejected"}""");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("Order.Rejected", result.Error);
        Assert.Equal("delay was 0", result.Cause);
    }

    [Fact]
    public async Task MixedLanguages_JsonataStateInJsonPathMachine_ReadsVariablesTheJsonPathStateAssigned()
    {
        var result = await RunAsync("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"who.$":"$.name"},"Next":"B"},
              "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"hello":"{% $who %}","input":"{% $states.input %}"},"End":true}}}
            """, """{"name":"Ada"}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"hello":"Ada","input":{"name":"Ada"}}""", JsonValues.ToJson(result.Output));
    }

    [Theory]
    [InlineData("InputPath", "\"$.a\"")]
    [InlineData("Parameters", "{}")]
    [InlineData("ResultPath", "\"$.r\"")]
    [InlineData("OutputPath", "\"$\"")]
    public async Task CreateStateMachine_JsonPathFieldInJsonataState_RefusedWithAwsDiagnostic(string field, string value)
    {
        var host = new AslTestHost();
        var (status, body) = await host.CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "refused",
            ["roleArn"] = "arn:aws:iam::000000000000:role/test",
            ["definition"] = $$$$$"""{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","{{{{{field}}}}}":{{{{{value}}}}},"End":true}}}""",
        });

        Assert.Equal(400, status);
        Assert.Contains($"The field '{field}' is not supported by Step Functions when the QueryLanguage is JSONata", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
