using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

public sealed class ContextObjectTests
{
    [Fact]
    public async Task ContextObject_InAPassState_HasExecutionStateMachineAndStateAsDocumented()
    {
        var definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"c.$":"$$"},"End":true}}}""";
        var result = await new AslTestHost().RunAsync(definition, """{"order":7}""");
        var context = result.Output!["c"]!.AsObject();
        var execution = context["Execution"]!.AsObject();
        Assert.Equal(["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"], execution.Select(p => p.Key));
        Assert.Equal(7, execution["Input"]!["order"]!.GetValue<int>());
        Assert.Equal(0, execution["RedriveCount"]!.GetValue<int>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", execution["StartTime"]!.GetValue<string>());
        Assert.Equal(["Id", "Name"], context["StateMachine"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["EnteredTime", "Name"], context["State"]!.AsObject().Select(p => p.Key));
        Assert.Null(context["Task"]);
        Assert.Null(context["Map"]);
    }

    [Fact]
    public async Task StateRetryCount_OnEachAttempt_CountsTheRetriesSoFar()
    {
        var lambda = new FakeLambda((_, payload) => JsonNode.Parse(payload)!["retry"]!.GetValue<int>() < 2
            ? LambdaInvocationResult.Unavailable(new ServiceError("Lambda.ServiceException", "busy"))
            : LambdaInvocationResult.Success(payload));
        var definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f",
              "Parameters":{"retry.$":"$$.State.RetryCount"},
              "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"MaxAttempts":3}],"End":true}}}
            """;
        var result = await new AslTestHost(lambda).RunAsync(definition);
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal([0, 1, 2], lambda.Calls.Select(c => JsonNode.Parse(c.Payload)!["retry"]!.GetValue<int>()));
    }

    [Fact]
    public async Task MapItem_OverAnObject_GivesKeyValueIndexAndSource()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.prices",
              "ItemSelector":{"key.$":"$$.Map.Item.Key","value.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index","source.$":"$$.Map.Item.Source"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """{"prices":{"apple":3,"pear":{"each":2}}}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(
            """[{"key":"apple","value":3,"index":0,"source":"STATE_DATA"},{"key":"pear","value":{"each":2},"index":1,"source":"STATE_DATA"}]""",
            JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task Map_OverAnObjectWithoutSelector_RunsOneIterationPerKeyValuePair()
    {
        var definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
        var result = await new AslTestHost().RunAsync(definition, """{"a":1,"b":[2]}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""[{"Key":"a","Value":1},{"Key":"b","Value":[2]}]""", JsonValues.ToJson(result.Output));
        Assert.Equal(2, result.Types.Count(t => t == "MapIterationSucceeded"));
    }

    [Fact]
    public async Task MapItem_OverAnArray_HasNoKey()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":{"item.$":"$$.Map.Item"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var result = await new AslTestHost().RunAsync(definition, """["x"]""");
        Assert.Equal("""[{"item":{"Index":0,"Value":"x","Source":"STATE_DATA"}}]""", JsonValues.ToJson(result.Output));
    }
}
