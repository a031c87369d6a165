using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>
/// Step Functions on a data directory: state machines, executions and their histories come back after
/// the host stops; an execution running at the stop goes on from where each of its programs stood
/// (a branch that had finished is not run again, variables are kept); a failed execution is redriven
/// after the restart from the state that failed.
/// </summary>
public sealed class StepFunctionsRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    private const string Flow = """
        {
          "StartAt": "Remember",
          "States": {
            "Remember": {"Type": "Pass", "Assign": {"count": 7}, "Result": {"order": "o-1"}, "Next": "Both"},
            "Both": {
              "Type": "Parallel",
              "Branches": [
                {"StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "Result": "quick", "End": true}}},
                {"StartAt": "Hold", "States": {
                  "Hold": {"Type": "Wait", "Seconds": 3, "Next": "Slow"},
                  "Slow": {"Type": "Pass", "Result": "slow", "End": true}}}
              ],
              "ResultPath": "$.branches",
              "Next": "Finish"
            },
            "Finish": {"Type": "Pass", "Parameters": {"count.$": "$count", "order.$": "$.order", "branches.$": "$.branches"}, "End": true}
          }
        }
        """;

    private const string Failing = """
        {
          "StartAt": "Before",
          "States": {
            "Before": {"Type": "Pass", "Next": "Broken"},
            "Broken": {"Type": "Fail", "Error": "Broken.Always", "Cause": "fails every time"}
          }
        }
        """;

    [Fact]
    public async Task RunningExecution_HostStoppedDuringAWaitInABranch_ResumesFromThere_FinishedBranchNotRunAgain_VariablesKept()
    {
        string flowArn, runningArn, doneArn, failedArn;
        List<(long Id, string Type)> eventsBefore;
        JsonObject doneBefore;
        int doneEvents;
        await using (var host = await StartAsync())
        {
            flowArn = (await CallAsync(host, "CreateStateMachine", new JsonObject
            {
                ["name"] = "flow",
                ["definition"] = Flow,
                ["roleArn"] = "arn:aws:iam::000000000000:role/r",
                ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "orders" }),
            }))["stateMachineArn"]!.GetValue<string>();
            var failingArn = (await CallAsync(host, "CreateStateMachine", new JsonObject { ["name"] = "failing", ["definition"] = Failing, ["roleArn"] = "arn:aws:iam::000000000000:role/r" }))["stateMachineArn"]!.GetValue<string>();

            failedArn = await StartAsync(host, failingArn, "failed-once");
            await WaitForStatusAsync(host, failedArn, "FAILED");

            // A finished execution: its outcome and every event come back as they were.
            var quickFlow = (await CallAsync(host, "CreateStateMachine", new JsonObject { ["name"] = "quick", ["definition"] = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}""", ["roleArn"] = "arn:aws:iam::000000000000:role/r" }))["stateMachineArn"]!.GetValue<string>();
            doneArn = await StartAsync(host, quickFlow, "done");
            await WaitForStatusAsync(host, doneArn, "SUCCEEDED");
            doneBefore = await CallAsync(host, "DescribeExecution", new JsonObject { ["executionArn"] = doneArn });
            doneEvents = (await HistoryAsync(host, doneArn)).Count;

            runningArn = await StartAsync(host, flowArn, "held");
            await Poll.UntilAsync(async () => (await HistoryAsync(host, runningArn)).Any(e => e.Type == "WaitStateEntered")
                && (await HistoryAsync(host, runningArn)).Any(e => e.Type == "PassStateExited" && e.Id > 5), () => "the Wait state entered and the quick branch finished");
            eventsBefore = await HistoryAsync(host, runningArn);
        }

        await using var again = await StartAsync();
        var machine = await CallAsync(again, "DescribeStateMachine", new JsonObject { ["stateMachineArn"] = flowArn });
        Assert.Equal(Flow, machine["definition"]!.GetValue<string>());
        var tags = await CallAsync(again, "ListTagsForResource", new JsonObject { ["resourceArn"] = flowArn });
        Assert.Equal("orders", tags["tags"]![0]!["value"]!.GetValue<string>());

        var done = await CallAsync(again, "DescribeExecution", new JsonObject { ["executionArn"] = doneArn });
        Assert.Equal(doneBefore.ToJsonString(), done.ToJsonString());
        Assert.Equal(doneEvents, (await HistoryAsync(again, doneArn)).Count);

        var finished = await WaitForStatusAsync(again, runningArn, "SUCCEEDED");
        var output = JsonNode.Parse(finished["output"]!.GetValue<string>())!;
        Assert.Equal(7, output["count"]!.GetValue<int>());
        Assert.Equal("o-1", output["order"]!.GetValue<string>());
        Assert.Equal("""["quick","slow"]""", output["branches"]!.ToJsonString());

        var events = await HistoryAsync(again, runningArn);
        // The history goes on from the events kept: the same ids and types, then the rest.
        Assert.Equal(eventsBefore, events.Take(eventsBefore.Count));
        Assert.Single(events, e => e.Type == "ExecutionStarted");
        Assert.DoesNotContain(events, e => e.Type == "ExecutionRedriven");
        // Remember and Quick ran once (Slow and Finish after the restart); the Wait was entered again.
        Assert.Single(events, e => e.Type == "PassStateEntered" && e.Id < 5);
        Assert.Equal(2, events.Count(e => e.Type == "WaitStateEntered"));
        Assert.Equal(4, events.Count(e => e.Type == "PassStateEntered"));
        Assert.Equal("ExecutionSucceeded", events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
    }

    [Fact]
    public async Task FailedExecution_RedrivenAfterTheRestart_ContinuesFromTheStateThatFailed()
    {
        string arn;
        await using (var host = await StartAsync())
        {
            var machine = (await CallAsync(host, "CreateStateMachine", new JsonObject { ["name"] = "failing", ["definition"] = Failing, ["roleArn"] = "arn:aws:iam::000000000000:role/r" }))["stateMachineArn"]!.GetValue<string>();
            arn = await StartAsync(host, machine, "to-redrive");
            await WaitForStatusAsync(host, arn, "FAILED");
        }

        await using var again = await StartAsync();
        var described = await CallAsync(again, "DescribeExecution", new JsonObject { ["executionArn"] = arn });
        Assert.Equal("REDRIVABLE", described["redriveStatus"]!.GetValue<string>());

        await CallAsync(again, "RedriveExecution", new JsonObject { ["executionArn"] = arn });
        var after = await WaitForStatusAsync(again, arn, "FAILED", redriveCount: 1);
        Assert.Equal("Broken.Always", after["error"]!.GetValue<string>());

        var events = await HistoryAsync(again, arn);
        var redriven = events.FindIndex(e => e.Type == "ExecutionRedriven");
        Assert.True(redriven > 0, string.Join(", ", events));
        // From the failed state: the Pass before it is not entered again.
        Assert.Equal(["FailStateEntered", "ExecutionFailed"], events.Skip(redriven + 1).Select(e => e.Type));
    }

    [Fact]
    public async Task DeletedStateMachine_StaysDeleted_UpdateKept()
    {
        string kept, deleted;
        string revision;
        await using (var host = await StartAsync())
        {
            kept = (await CallAsync(host, "CreateStateMachine", new JsonObject { ["name"] = "kept", ["definition"] = Failing, ["roleArn"] = "arn:aws:iam::000000000000:role/r" }))["stateMachineArn"]!.GetValue<string>();
            deleted = (await CallAsync(host, "CreateStateMachine", new JsonObject { ["name"] = "gone", ["definition"] = Failing, ["roleArn"] = "arn:aws:iam::000000000000:role/r" }))["stateMachineArn"]!.GetValue<string>();
            revision = (await CallAsync(host, "UpdateStateMachine", new JsonObject { ["stateMachineArn"] = kept, ["roleArn"] = "arn:aws:iam::000000000000:role/other" }))["revisionId"]!.GetValue<string>();
            await CallAsync(host, "DeleteStateMachine", new JsonObject { ["stateMachineArn"] = deleted });
        }

        await using var again = await StartAsync();
        var list = await CallAsync(again, "ListStateMachines", []);
        Assert.Equal(["kept"], list["stateMachines"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var machine = await CallAsync(again, "DescribeStateMachine", new JsonObject { ["stateMachineArn"] = kept });
        Assert.Equal("arn:aws:iam::000000000000:role/other", machine["roleArn"]!.GetValue<string>());
        Assert.Equal(revision, machine["revisionId"]!.GetValue<string>());
    }

    private async Task<LocalCloudHost> StartAsync()
    {
        var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, DataDirectory = _data });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    private static async Task<JsonObject> CallAsync(LocalCloudHost host, string action, JsonObject request)
    {
        var response = await host.StepFunctions.HandleAsync(action, Encoding.UTF8.GetBytes(request.ToJsonString()), CancellationToken.None);
        Assert.True(response.StatusCode == 200, $"{action}: {response.StatusCode} {response.Body}");
        return JsonNode.Parse(response.Body)!.AsObject();
    }

    private static async Task<string> StartAsync(LocalCloudHost host, string machine, string name) =>
        (await CallAsync(host, "StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["name"] = name }))["executionArn"]!.GetValue<string>();

    private static async Task<JsonObject> WaitForStatusAsync(LocalCloudHost host, string arn, string status, int redriveCount = 0)
    {
        JsonObject? last = null;
        await Poll.UntilAsync(async () =>
        {
            last = await CallAsync(host, "DescribeExecution", new JsonObject { ["executionArn"] = arn });
            return last["status"]!.GetValue<string>() == status && last["redriveCount"]!.GetValue<int>() == redriveCount;
        }, () => last?.ToJsonString() ?? "nothing");
        return last!;
    }

    private static async Task<List<(long Id, string Type)>> HistoryAsync(LocalCloudHost host, string arn)
    {
        var events = new List<(long, string)>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["executionArn"] = arn, ["maxResults"] = 1000 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await CallAsync(host, "GetExecutionHistory", request);
            events.AddRange(page["events"]!.AsArray().Select(e => (e!["id"]!.GetValue<long>(), e["type"]!.GetValue<string>())));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return events;
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
