using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.Asl.Tests.Execution;
using Sluice.Asl.Time;

namespace Sluice.Asl.Tests.Api;

/// <summary>
/// RedriveExecution: the "work" function below fails until the execution has been redriven (a fault
/// fixed downstream), so each test shows what a redrive reruns and what it keeps.
/// </summary>
public sealed class RedriveExecutionTests
{
    private const string Work = """
        "Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:work","Parameters":{"item.$":"$","redrives.$":"$$.Execution.RedriveCount"}
        """;

    private static readonly string s_chain = """
        {"StartAt":"First","States":{
          "First":{"Type":"Pass","Result":{"step":1},"ResultPath":"$.first","Assign":{"fromFirst.$":"$$.Execution.Input.seed"},"Next":"Work"},
          "Work":{@WORK@,"ResultPath":null,"Next":"Done"},
          "Done":{"Type":"Pass","Parameters":{"first.$":"$.first","seed.$":"$fromFirst","redrives.$":"$$.Execution.RedriveCount"},"End":true}}}
        """.Replace("@WORK@", Work, StringComparison.Ordinal);

    /// <summary>Fails while the execution has not been redriven (for a Map: only item 1), else echoes the item.</summary>
    private static FakeLambda FailsUntilRedriven() => new((_, payload) =>
    {
        var request = JsonNode.Parse(payload)!;
        return request["redrives"]!.GetValue<int>() == 0 && (request["item"] is not JsonValue item || item.GetValue<int>() == 1)
            ? LambdaInvocationResult.Failure("""{"errorType":"Broken","errorMessage":"downstream fault"}""")
            : LambdaInvocationResult.Success(request["item"]!.ToJsonString());
    });

    private static async Task<(string Machine, string Arn)> StartAsync(AslTestHost host, string definition, string input = "{}", string type = "STANDARD")
    {
        var machine = await host.CreateAsync(definition, type);
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["name"] = "order-1", ["input"] = input });
        return (machine, started["executionArn"]!.GetValue<string>());
    }

    private static Task<(int Status, JsonObject Body)> RedriveAsync(AslTestHost host, string arn, string? token = null)
    {
        var request = new JsonObject { ["executionArn"] = arn };
        if (token is not null)
        {
            request["clientToken"] = token;
        }

        return host.CallAsync("RedriveExecution", request);
    }

    /// <summary>Polls the history until the Wait state has been entered <paramref name="times"/> times.</summary>
    private static async Task WaitingAsync(AslTestHost host, string arn, int times)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(AslTestHost.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (_, history) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["maxResults"] = 1000 });
            if (history["events"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "WaitStateEntered") >= times)
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private static int Count(ExecutionResult result, string type, string? name = null) =>
        result.History.Count(e => e!["type"]!.GetValue<string>() == type
            && (name is null || e["stateEnteredEventDetails"]?["name"]?.GetValue<string>() == name));

    [Fact]
    public async Task RedriveExecution_FailedChain_ContinuesFromTheFailedStateUnderItsOwnArn()
    {
        var lambda = FailsUntilRedriven();
        var host = new AslTestHost(lambda);
        var (_, arn) = await StartAsync(host, s_chain, """{"seed":"s-1"}""");
        var failed = await host.ResultAsync(arn);
        Assert.True(("FAILED", "Broken") == (failed.Status, failed.Error), failed.Cause);

        var (status, body) = await RedriveAsync(host, arn);
        Assert.Equal(200, status);
        Assert.NotNull(body["redriveDate"]);
        var redriven = await host.ResultAsync(arn);

        Assert.Equal("SUCCEEDED", redriven.Status);
        Assert.Equal("""{"first":{"step":1},"seed":"s-1","redrives":1}""", redriven.Output!.ToJsonString());
        Assert.Equal(1, Count(redriven, "PassStateEntered", "First"));
        Assert.Equal(2, Count(redriven, "TaskStateEntered", "Work"));
        Assert.Equal(2, lambda.Calls.Count);
        var redrivenEvent = redriven.History.Single(e => e!["type"]!.GetValue<string>() == "ExecutionRedriven")!;
        var failedEvent = redriven.History.Single(e => e!["type"]!.GetValue<string>() == "ExecutionFailed")!;
        Assert.Equal(failedEvent["id"]!.GetValue<long>(), redrivenEvent["previousEventId"]!.GetValue<long>());
        Assert.Equal(1, redrivenEvent["executionRedrivenEventDetails"]!["redriveCount"]!.GetValue<int>());
        var next = redriven.History[redrivenEvent["id"]!.GetValue<int>()]!;
        Assert.Equal(("TaskStateEntered", redrivenEvent["id"]!.GetValue<long>()), (next["type"]!.GetValue<string>(), next["previousEventId"]!.GetValue<long>()));
        Assert.Equal("ExecutionSucceeded", redriven.Types[^1]);
        Assert.Null(redriven.Error);
    }

    [Fact]
    public async Task RedriveExecution_Parallel_RerunsOnlyTheFailedBranch()
    {
        var definition = """
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Steady","States":{"Steady":{"Type":"Pass","Result":"steady","End":true}}},
              {"StartAt":"Work","States":{"Work":{@WORK@,"ResultSelector":{"fixed.$":"$"},"End":true}}}]}}}
            """.Replace("@WORK@", Work, StringComparison.Ordinal);
        var host = new AslTestHost(FailsUntilRedriven());
        var (_, arn) = await StartAsync(host, definition);
        Assert.Equal("FAILED", (await host.ResultAsync(arn)).Status);

        Assert.Equal(200, (await RedriveAsync(host, arn)).Status);
        var redriven = await host.ResultAsync(arn);

        Assert.Equal("SUCCEEDED", redriven.Status);
        Assert.Equal("""["steady",{"fixed":{}}]""", redriven.Output!.ToJsonString());
        Assert.Equal(1, Count(redriven, "PassStateEntered", "Steady"));
        Assert.Equal(2, Count(redriven, "TaskStateEntered", "Work"));
        Assert.Equal(2, Count(redriven, "ParallelStateEntered"));
    }

    [Fact]
    public async Task RedriveExecution_InlineMap_RerunsOnlyTheFailedIterations()
    {
        var definition = """
            {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":1,"End":true,"ItemProcessor":{"StartAt":"Work","States":{"Work":{@WORK@,"End":true}}}}}}
            """.Replace("@WORK@", Work, StringComparison.Ordinal);
        var lambda = FailsUntilRedriven();
        var host = new AslTestHost(lambda);
        var (_, arn) = await StartAsync(host, definition, "[0,1,2]");
        var failed = await host.ResultAsync(arn);
        Assert.Equal("FAILED", failed.Status);
        var firstIterations = Count(failed, "MapIterationStarted");

        Assert.Equal(200, (await RedriveAsync(host, arn)).Status);
        var redriven = await host.ResultAsync(arn);

        Assert.Equal("SUCCEEDED", redriven.Status);
        Assert.Equal("[0,1,2]", redriven.Output!.ToJsonString());
        Assert.Equal((2, 1), (firstIterations, Count(failed, "MapIterationSucceeded")));
        Assert.Equal(2, Count(redriven, "MapIterationStarted") - firstIterations);
        Assert.Equal(3, Count(redriven, "MapIterationSucceeded"));
        Assert.Equal(1, lambda.Calls.Count(c => JsonNode.Parse(c.Payload)!["item"]!.GetValue<int>() == 0));
        Assert.Equal(2, lambda.Calls.Count(c => JsonNode.Parse(c.Payload)!["redrives"]!.GetValue<int>() == 1));
    }

    [Fact]
    public async Task RedriveExecution_DescribeAndList_ShowTheRedrive()
    {
        var host = new AslTestHost(FailsUntilRedriven());
        var (machine, arn) = await StartAsync(host, s_chain, """{"seed":"s"}""");
        await host.ResultAsync(arn);
        var (_, before) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        Assert.Equal(("REDRIVABLE", 0), (before["redriveStatus"]!.GetValue<string>(), before["redriveCount"]!.GetValue<int>()));
        var (_, notRedrivenBefore) = await host.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine, ["redriveFilter"] = "NOT_REDRIVEN" });
        Assert.Single(notRedrivenBefore["executions"]!.AsArray());

        var (_, redrive) = await RedriveAsync(host, arn);
        await host.ResultAsync(arn);
        var (_, after) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        var (_, redriven) = await host.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine, ["redriveFilter"] = "REDRIVEN" });
        var (_, notRedriven) = await host.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine, ["redriveFilter"] = "NOT_REDRIVEN" });

        Assert.Equal("SUCCEEDED", after["status"]!.GetValue<string>());
        Assert.Equal(1, after["redriveCount"]!.GetValue<int>());
        Assert.Equal(redrive["redriveDate"]!.GetValue<double>(), after["redriveDate"]!.GetValue<double>());
        Assert.Equal("NOT_REDRIVABLE", after["redriveStatus"]!.GetValue<string>());
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven", after["redriveStatusReason"]!.GetValue<string>());
        Assert.Equal(arn, Assert.Single(redriven["executions"]!.AsArray())!["executionArn"]!.GetValue<string>());
        Assert.Equal(1, redriven["executions"]![0]!["redriveCount"]!.GetValue<int>());
        Assert.Empty(notRedriven["executions"]!.AsArray());
    }

    [Fact]
    public async Task RedriveExecution_SameClientToken_AnswersTheFirstRedriveOnly()
    {
        var definition = """{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"Always"}}}""";
        var host = new AslTestHost();
        var (_, arn) = await StartAsync(host, definition);
        await host.ResultAsync(arn);

        var (_, first) = await RedriveAsync(host, arn, "token-1");
        await host.ResultAsync(arn);
        var (status, again) = await RedriveAsync(host, arn, "token-1");
        var (_, described) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });

        Assert.Equal(200, status);
        Assert.Equal(first["redriveDate"]!.GetValue<double>(), again["redriveDate"]!.GetValue<double>());
        Assert.Equal(1, described["redriveCount"]!.GetValue<int>());
        Assert.Equal(200, (await RedriveAsync(host, arn, "token-2")).Status);
        await host.ResultAsync(arn);
        var (_, twice) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        Assert.Equal(2, twice["redriveCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task RedriveExecution_SucceededOrRunning_RefusedWithTheReason()
    {
        var host = new AslTestHost(scale: 1);
        var (_, succeeded) = await StartAsync(host, """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        await host.ResultAsync(succeeded);
        var (_, running) = await StartAsync(host, """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}""");

        var (s1, b1) = await RedriveAsync(host, succeeded);
        var (s2, b2) = await RedriveAsync(host, running);
        await host.CallAsync("StopExecution", new JsonObject { ["executionArn"] = running });

        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#ExecutionNotRedrivable", "Execution is SUCCEEDED and cannot be redriven"),
            (s1, b1["__type"]!.GetValue<string>(), b1["message"]!.GetValue<string>()));
        Assert.Equal((400, "Execution is RUNNING and cannot be redriven"), (s2, b2["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RedriveExecution_Aborted_RerunsTheInterruptedState()
    {
        var host = new AslTestHost(scale: 1);
        var (_, arn) = await StartAsync(host, """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","SecondsPath":"$.wait","End":true}}}""", """{"wait":600}""");
        await WaitingAsync(host, arn, 1);
        await host.CallAsync("StopExecution", new JsonObject { ["executionArn"] = arn });
        Assert.Equal("ABORTED", (await host.ResultAsync(arn)).Status);

        Assert.Equal(200, (await RedriveAsync(host, arn)).Status);
        var (_, running) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        await WaitingAsync(host, arn, 2);
        await host.CallAsync("StopExecution", new JsonObject { ["executionArn"] = arn });
        var stopped = await host.ResultAsync(arn);

        Assert.Equal("RUNNING", running["status"]!.GetValue<string>());
        Assert.False(running.ContainsKey("stopDate"));
        Assert.Equal(1, Count(stopped, "PassStateEntered"));
        Assert.Equal(2, Count(stopped, "WaitStateEntered"));
        Assert.Equal(2, Count(stopped, "ExecutionAborted"));
    }

    [Fact]
    public async Task RedriveExecution_ExpressOrDeletedMachineOrMissing_Refused()
    {
        var host = new AslTestHost();
        const string Fail = """{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"E"}}}""";
        var express = await host.CreateAsync(Fail, "EXPRESS");
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = express });
        var expressArn = started["executionArn"]!.GetValue<string>();
        await host.Service.WaitForExecutionAsync(expressArn, AslTestHost.Token);
        var (machine, deletedArn) = await StartAsync(host, Fail);
        await host.ResultAsync(deletedArn);
        await host.CallAsync("DeleteStateMachine", new JsonObject { ["stateMachineArn"] = machine });

        var (_, expressRefusal) = await RedriveAsync(host, expressArn);
        var (_, deletedRefusal) = await RedriveAsync(host, deletedArn);
        var (missingStatus, missing) = await RedriveAsync(host, deletedArn + "-nope");
        var (badStatus, bad) = await RedriveAsync(host, "not-an-arn");
        var (tokenStatus, badToken) = await RedriveAsync(host, deletedArn, "has space");

        Assert.Equal("Execution is of type EXPRESS and cannot be redriven", expressRefusal["message"]!.GetValue<string>());
        Assert.Equal("State machine is in DELETING status", deletedRefusal["message"]!.GetValue<string>());
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist"), (missingStatus, missing["__type"]!.GetValue<string>()));
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#InvalidArn"), (badStatus, bad["__type"]!.GetValue<string>()));
        Assert.Equal((400, "com.amazonaws.swf.service.v2.model#ValidationException"), (tokenStatus, badToken["__type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RedriveExecution_AfterFourteenDays_Refused()
    {
        var time = new SettableTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var service = new StepFunctionsService(new AslEngineOptions { Clock = new ScaledClock(0, time), LambdaInvoker = new UnavailableServiceIntegrations() });
        async Task<JsonObject> Call(string action, JsonObject request) =>
            JsonNode.Parse((await service.HandleAsync(action, Encoding.UTF8.GetBytes(request.ToJsonString()), AslTestHost.Token)).Body)!.AsObject();
        var machine = (await Call("CreateStateMachine", new JsonObject
        {
            ["name"] = "old",
            ["definition"] = """{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"E"}}}""",
            ["roleArn"] = "arn:aws:iam::000000000000:role/r",
        }))["stateMachineArn"]!.GetValue<string>();
        var arn = (await Call("StartExecution", new JsonObject { ["stateMachineArn"] = machine }))["executionArn"]!.GetValue<string>();
        await service.WaitForExecutionAsync(arn, AslTestHost.Token);

        time.Now += TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1);
        var refusal = await Call("RedriveExecution", new JsonObject { ["executionArn"] = arn });
        var described = await Call("DescribeExecution", new JsonObject { ["executionArn"] = arn });

        Assert.Equal("Execution redrivable period exceeded", refusal["message"]!.GetValue<string>());
        Assert.Equal(("NOT_REDRIVABLE", "Execution redrivable period exceeded"), (described["redriveStatus"]!.GetValue<string>(), described["redriveStatusReason"]!.GetValue<string>()));
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
