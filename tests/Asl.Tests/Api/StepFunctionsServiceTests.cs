using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Api;

namespace Sluice.Asl.Tests.Api;

public sealed class StepFunctionsServiceTests
{
    private const string WaitDefinition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}""";
    private const string PassDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    [Fact]
    public async Task CreateStateMachine_MissingStates_ReturnsAwsInvalidDefinition()
    {
        var host = new AslTestHost();
        var (status, body) = await host.CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "bad",
            ["definition"] = """{"StartAt":"A"}""",
            ["roleArn"] = "arn:aws:iam::000000000000:role/r",
        });
        Assert.Equal(400, status);
        Assert.Equal("com.amazonaws.swf.service.v2.model#InvalidDefinition", body["__type"]!.GetValue<string>());
        Assert.Equal("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'", body["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}""", "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Wait","Timestamp":"2016-03-14 01:59:00Z","End":true}}}""", "SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/A/Timestamp")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope()"},"End":true}}}""", "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:query","End":true}}}""", "SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""", "SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Next, End] at /States/A")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true}]}}}""", "SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/A/Choices[0]")]
    [InlineData("""{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}],"End":true}}}""", "DUPLICATE_STATE_NAME: Duplicate State name: P at /States/P/Branches[0]/States/P")]
    [InlineData("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["States.Timeout"]}],"End":true}}}""", "SCHEMA_VALIDATION_FAILED: States.ALL must appear in the last retrier at /States/T/Retry[0]/ErrorEquals")]
    [InlineData("""{"StartAt":"F","States":{"F":{"Type":"Fail","Cause":"c","CausePath":"$.c"}}}""", "SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Cause, CausePath] at /States/F")]
    public async Task CreateStateMachine_InvalidDefinition_NamesTheProblem(string definition, string problem)
    {
        var (status, body) = await new AslTestHost().CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "bad",
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/r",
        });
        Assert.Equal(400, status);
        Assert.Contains(problem, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "STANDARD", "SCHEMA_VALIDATION_FAILED", "These fields are required: [States, StartAt]", "/")]
    [InlineData("", "STANDARD", "SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object", null)]
    [InlineData("""{"States":{}}""", "EXPRESS", "SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"Pass","States":{"Pass":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}""", "STANDARD",
        "SCHEMA_VALIDATION_FAILED", "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", "/States/Pass")]
    [InlineData("""{"StartAt":"SendMessageWithWait","States":{"SendMessageWithWait":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}""", "EXPRESS",
        "SCHEMA_VALIDATION_FAILED", "Express state machine does not support '.waitForTaskToken' service integration ", "/States/SendMessageWithWait/Resource")]
    public async Task ValidateStateMachineDefinition_Invalid_ReturnsRecordedDiagnostic(string definition, string type, string code, string message, string? location)
    {
        var (status, body) = await new AslTestHost().CallAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = definition, ["type"] = type });
        Assert.Equal(200, status);
        Assert.Equal("FAIL", body["result"]!.GetValue<string>());
        var diagnostic = body["diagnostics"]![0]!;
        Assert.Equal(code, diagnostic["code"]!.GetValue<string>());
        Assert.Equal(message, diagnostic["message"]!.GetValue<string>());
        Assert.Equal(location, diagnostic["location"]?.GetValue<string>());
    }

    [Fact]
    public async Task ValidateStateMachineDefinition_SeverityWarning_AddsWarningsButStaysOk()
    {
        var definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x":"$.y"},"End":true}}}""";
        var host = new AslTestHost();
        var (_, errorsOnly) = await host.CallAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = definition });
        Assert.Equal("OK", errorsOnly["result"]!.GetValue<string>());
        Assert.Empty(errorsOnly["diagnostics"]!.AsArray());
        var (_, withWarnings) = await host.CallAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = definition, ["severity"] = "WARNING" });
        Assert.Equal("OK", withWarnings["result"]!.GetValue<string>());
        var warning = Assert.Single(withWarnings["diagnostics"]!.AsArray())!;
        Assert.Equal(("WARNING", "NO_DOLLAR", "/States/P/Parameters"), (warning["severity"]!.GetValue<string>(), warning["code"]!.GetValue<string>(), warning["location"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ValidateStateMachineDefinition_MoreDiagnosticsThanMaxResults_TruncatesAndSaysSo()
    {
        var definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"X"},"B":{"Type":"Pass","Next":"Y"},"C":{"Type":"Pass","Next":"Z"}}}""";
        var (status, body) = await new AslTestHost().CallAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = definition, ["maxResults"] = 2 });
        Assert.Equal(200, status);
        Assert.Equal("FAIL", body["result"]!.GetValue<string>());
        Assert.Equal(2, body["diagnostics"]!.AsArray().Count);
        Assert.True(body["truncated"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("severity", "INFO")]
    [InlineData("type", "BATCH")]
    [InlineData("maxResults", 101)]
    public async Task ValidateStateMachineDefinition_BadParameter_IsValidationException(string field, object value)
    {
        var request = new JsonObject { ["definition"] = PassDefinition, [field] = value is int n ? JsonValue.Create(n) : JsonValue.Create((string)value) };
        var (status, body) = await new AslTestHost().CallAsync("ValidateStateMachineDefinition", request);
        Assert.Equal(400, status);
        Assert.EndsWith("#ValidationException", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStateMachine_DefinitionOverOneMebibyte_IsValidationException()
    {
        var big = PassDefinition.Replace("\"End\":true", "\"Comment\":\"" + new string('x', 1_048_576) + "\",\"End\":true", StringComparison.Ordinal);
        var (status, body) = await new AslTestHost().CallAsync("CreateStateMachine", new JsonObject { ["name"] = "big", ["definition"] = big, ["roleArn"] = "arn:aws:iam::000000000000:role/r" });
        Assert.Equal(400, status);
        Assert.EndsWith("#ValidationException", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a definition", "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'")]
    [InlineData("{'a':1}", "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'")]
    public async Task StartExecution_MalformedInput_IsRefusedInAwsWords(string input, string message)
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync(PassDefinition);
        var (status, body) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = input });
        Assert.Equal(400, status);
        Assert.Equal(message, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartExecution_InputRepeatingAKey_RunsWithTheLastValue()
    {
        var result = await new AslTestHost().RunAsync(PassDefinition, """{"a":1,"a":2}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(2, result.Output!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateStateMachineDefinition_Valid_ReturnsOk()
    {
        var (_, body) = await new AslTestHost().CallAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = PassDefinition });
        Assert.Equal("OK", body["result"]!.GetValue<string>());
        Assert.Empty(body["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task DescribeStateMachine_AfterCreate_ReturnsAwsShapeWithEpochDates()
    {
        var host = new AslTestHost();
        var arn = await host.CreateAsync(PassDefinition);
        var (status, body) = await host.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn });
        Assert.Equal(200, status);
        Assert.StartsWith("arn:aws:states:us-east-1:000000000000:stateMachine:", arn, StringComparison.Ordinal);
        Assert.Equal(PassDefinition, body["definition"]!.GetValue<string>());
        Assert.Equal("ACTIVE", body["status"]!.GetValue<string>());
        Assert.Equal("STANDARD", body["type"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, body["creationDate"]!.GetValueKind());
        Assert.Equal("OFF", body["loggingConfiguration"]!["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeStateMachine_BadArn_ReturnsInvalidArn()
    {
        var (status, body) = await new AslTestHost().CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = "not_a_valid_arn" });
        Assert.Equal(400, status);
        Assert.Equal("Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartExecution_SameNameAndInputWhileRunning_ReturnsSameExecution()
    {
        var host = new AslTestHost(scale: 1);
        var machine = await host.CreateAsync(WaitDefinition);
        var request = new JsonObject { ["stateMachineArn"] = machine, ["name"] = "order-1", ["input"] = """{"a":1}""" };
        var (_, first) = await host.CallAsync("StartExecution", request.DeepClone().AsObject());
        var (status, second) = await host.CallAsync("StartExecution", request.DeepClone().AsObject());
        Assert.Equal(200, status);
        Assert.Equal(first["executionArn"]!.GetValue<string>(), second["executionArn"]!.GetValue<string>());

        var different = request.DeepClone().AsObject();
        different["input"] = """{"a":2}""";
        var (conflict, error) = await host.CallAsync("StartExecution", different);
        Assert.Equal(400, conflict);
        Assert.EndsWith("#ExecutionAlreadyExists", error["__type"]!.GetValue<string>(), StringComparison.Ordinal);
        await host.CallAsync("StopExecution", new JsonObject { ["executionArn"] = first["executionArn"]!.GetValue<string>() });
    }

    [Fact]
    public async Task StartExecution_SameNameAfterItClosed_ReturnsExecutionAlreadyExists()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync(PassDefinition);
        var request = new JsonObject { ["stateMachineArn"] = machine, ["name"] = "done", ["input"] = "{}" };
        var (_, first) = await host.CallAsync("StartExecution", request.DeepClone().AsObject());
        await host.Service.WaitForExecutionAsync(first["executionArn"]!.GetValue<string>(), AslTestHost.Token).WaitAsync(TimeSpan.FromSeconds(10), AslTestHost.Token);
        var (status, error) = await host.CallAsync("StartExecution", request);
        Assert.Equal(400, status);
        Assert.EndsWith("#ExecutionAlreadyExists", error["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExecutionHistory_BeyondTheRetainedHistories_OldestReleasedWithAClearErrorTheRestKept()
    {
        var host = new AslTestHost(retainedHistories: 2);
        var machine = await host.CreateAsync(PassDefinition);
        var arns = new List<string>();
        foreach (var name in new[] { "first", "second", "third" })
        {
            var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["name"] = name, ["input"] = $$"""{"n":"{{name}}"}""" });
            arns.Add(started["executionArn"]!.GetValue<string>());
            await host.Service.WaitForExecutionAsync(arns[^1], AslTestHost.Token).WaitAsync(TimeSpan.FromSeconds(10), AslTestHost.Token);
        }

        var (status, error) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arns[0] });
        Assert.Equal(400, status);
        Assert.EndsWith("#ExecutionDoesNotExist", error["__type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("keeps the histories of the 2 most recently closed executions", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var kept in arns.Skip(1))
        {
            var (_, history) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = kept });
            Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], history["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        }

        // The released execution is still described in full and still holds its name.
        var (_, described) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arns[0] });
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.Equal("""{"n":"first"}""", described["output"]!.GetValue<string>());
        var (again, conflict) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["name"] = "first", ["input"] = """{"n":"first"}""" });
        Assert.Equal(400, again);
        Assert.EndsWith("#ExecutionAlreadyExists", conflict["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecution_InvalidJsonInput_ReturnsInvalidExecutionInput()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync(PassDefinition);
        var (status, error) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = "not json" });
        Assert.Equal(400, status);
        Assert.EndsWith("#InvalidExecutionInput", error["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartSyncExecution_Standard_ReturnsStateMachineTypeNotSupported()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync(PassDefinition);
        var (status, error) = await host.CallAsync("StartSyncExecution", new JsonObject { ["stateMachineArn"] = machine });
        Assert.Equal(400, status);
        Assert.Equal("This operation is not supported by this type of state machine", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartSyncExecution_Express_ReturnsOutcome()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync("""{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}""", "EXPRESS");
        var (status, body) = await host.CallAsync("StartSyncExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = "{}" });
        Assert.Equal(200, status);
        Assert.Equal("SUCCEEDED", body["status"]!.GetValue<string>());
        Assert.Equal("""{"ok":true}""", body["output"]!.GetValue<string>());
        Assert.Contains(":express:", body["executionArn"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopExecution_Running_RecordsAbortWithErrorAndCause()
    {
        var host = new AslTestHost(scale: 1);
        var machine = await host.CreateAsync(WaitDefinition);
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine });
        var arn = started["executionArn"]!.GetValue<string>();
        await host.CallAsync("StopExecution", new JsonObject { ["executionArn"] = arn, ["error"] = "Manual", ["cause"] = "operator" });
        var (_, described) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn });
        Assert.Equal("ABORTED", described["status"]!.GetValue<string>());
        var (_, history) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["reverseOrder"] = true });
        var last = history["events"]![0]!;
        Assert.Equal("ExecutionAborted", last["type"]!.GetValue<string>());
        Assert.Equal("Manual", last["executionAbortedEventDetails"]!["error"]!.GetValue<string>());
        Assert.Equal("operator", last["executionAbortedEventDetails"]!["cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListExecutions_StatusFilterAndPages_ReturnsNewestFirst()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync(PassDefinition);
        var arns = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["name"] = $"e{i}" });
            arns.Add(started["executionArn"]!.GetValue<string>());
            await host.Service.WaitForExecutionAsync(arns[^1], AslTestHost.Token).WaitAsync(TimeSpan.FromSeconds(10), AslTestHost.Token);
        }

        var (_, page1) = await host.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine, ["statusFilter"] = "SUCCEEDED", ["maxResults"] = 2 });
        Assert.Equal(["e2", "e1"], page1["executions"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        var (_, page2) = await host.CallAsync("ListExecutions", new JsonObject
        {
            ["stateMachineArn"] = machine,
            ["statusFilter"] = "SUCCEEDED",
            ["maxResults"] = 2,
            ["nextToken"] = page1["nextToken"]!.GetValue<string>(),
        });
        Assert.Equal(["e0"], page2["executions"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Null(page2["nextToken"]);
        var (_, failed) = await host.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine, ["statusFilter"] = "FAILED" });
        Assert.Empty(failed["executions"]!.AsArray());
    }

    [Fact]
    public async Task GetExecutionHistory_PagesReverseAndWithoutData_MatchAws()
    {
        var host = new AslTestHost();
        var machine = await host.CreateAsync("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}""");
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = """{"secret":1}""" });
        var arn = started["executionArn"]!.GetValue<string>();
        await host.Service.WaitForExecutionAsync(arn, AslTestHost.Token).WaitAsync(TimeSpan.FromSeconds(10), AslTestHost.Token);

        var (_, page) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["maxResults"] = 4 });
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered"], page["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        var (_, rest) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["maxResults"] = 4, ["nextToken"] = page["nextToken"]!.GetValue<string>() });
        Assert.Equal(["PassStateExited", "ExecutionSucceeded"], rest["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));

        var (_, reversed) = await host.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["reverseOrder"] = true, ["includeExecutionData"] = false });
        var events = reversed["events"]!.AsArray();
        Assert.Equal(6, events[0]!["id"]!.GetValue<long>());
        Assert.Equal(5, events[0]!["previousEventId"]!.GetValue<long>());
        Assert.Null(events[^1]!["executionStartedEventDetails"]!["input"]);
        Assert.Equal(JsonValueKind.Number, events[0]!["timestamp"]!.GetValueKind());
    }

    [Fact]
    public async Task GetExecutionHistory_LongChain_EveryEventInOrderBothWays()
    {
        // 300 Pass states: 602 events, past the history's storage blocks; every fourth state changes
        // the data (Result), the others pass their input through (their exited output is their input).
        var states = new JsonObject();
        for (var i = 0; i < 300; i++)
        {
            var state = new JsonObject { ["Type"] = "Pass" };
            if (i % 4 == 0)
            {
                state["Result"] = new JsonObject { ["step"] = i, ["name"] = $"é\"{i}" };
            }

            if (i == 299)
            {
                state["End"] = true;
            }
            else
            {
                state["Next"] = $"S{i + 1}";
            }
            states[$"S{i}"] = state;
        }

        var host = new AslTestHost();
        var machine = await host.CreateAsync(new JsonObject { ["StartAt"] = "S0", ["States"] = states }.ToJsonString());
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = """{"first":true}""" });
        var arn = started["executionArn"]!.GetValue<string>();
        await host.Service.WaitForExecutionAsync(arn, AslTestHost.Token).WaitAsync(TimeSpan.FromSeconds(10), AslTestHost.Token);

        async Task<List<JsonNode>> ReadAll(bool reverse)
        {
            var all = new List<JsonNode>();
            string? token = null;
            do
            {
                var request = new JsonObject { ["executionArn"] = arn, ["maxResults"] = 100, ["reverseOrder"] = reverse };
                if (token is not null)
                {
                    request["nextToken"] = token;
                }

                var (_, page) = await host.CallAsync("GetExecutionHistory", request);
                all.AddRange(page["events"]!.AsArray().Select(e => e!));
                token = page["nextToken"]?.GetValue<string>();
            }
            while (token is not null);
            return all;
        }

        var forward = await ReadAll(reverse: false);
        var backward = await ReadAll(reverse: true);
        Assert.Equal(602, forward.Count);
        Assert.Equal(forward.Select(e => e["id"]!.GetValue<long>()), backward.Select(e => e["id"]!.GetValue<long>()).Reverse());
        var expected = """{"first":true}""";
        for (var i = 0; i < 300; i++)
        {
            var entered = forward[1 + (2 * i)];
            var exited = forward[2 + (2 * i)];
            Assert.Equal(2 + (2 * i), entered["id"]!.GetValue<long>());
            Assert.Equal(i == 0 ? 0 : 1 + (2 * i), entered["previousEventId"]!.GetValue<long>()); // AWS links the first state to 0
            Assert.Equal("PassStateEntered", entered["type"]!.GetValue<string>());
            Assert.Equal($"S{i}", entered["stateEnteredEventDetails"]!["name"]!.GetValue<string>());
            Assert.Equal(expected, entered["stateEnteredEventDetails"]!["input"]!.GetValue<string>());
            if (i % 4 == 0)
            {
                expected = $$"""{"step":{{i}},"name":"é\"{{i}}"}""";
            }

            Assert.Equal("PassStateExited", exited["type"]!.GetValue<string>());
            Assert.Equal($"S{i}", exited["stateExitedEventDetails"]!["name"]!.GetValue<string>());
            Assert.Equal(expected, exited["stateExitedEventDetails"]!["output"]!.GetValue<string>());
            Assert.False(exited["stateExitedEventDetails"]!["outputDetails"]!["truncated"]!.GetValue<bool>());
        }

        Assert.Equal(expected, forward[^1]["executionSucceededEventDetails"]!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAndDelete_StateMachine_ChangeDefinitionThenRemoveIt()
    {
        var host = new AslTestHost();
        var arn = await host.CreateAsync(PassDefinition);
        var updated = """{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}""";
        var (status, body) = await host.CallAsync("UpdateStateMachine", new JsonObject { ["stateMachineArn"] = arn, ["definition"] = updated });
        Assert.Equal(200, status);
        Assert.NotNull(body["revisionId"]);
        var (_, described) = await host.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn });
        Assert.Equal(updated, described["definition"]!.GetValue<string>());
        var (_, list) = await host.CallAsync("ListStateMachines", []);
        Assert.Single(list["stateMachines"]!.AsArray());
        await host.CallAsync("DeleteStateMachine", new JsonObject { ["stateMachineArn"] = arn });
        var (gone, error) = await host.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn });
        Assert.Equal(400, gone);
        Assert.EndsWith("#StateMachineDoesNotExist", error["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWSStepFunctions.StartExecution", true, "StartExecution")]
    [InlineData("Kinesis_20131202.PutRecords", false, "")]
    [InlineData("AWSStepFunctions.", false, "")]
    [InlineData(null, false, "")]
    public void TryGetAction_Target_ReturnsStepFunctionsAction(string? target, bool ok, string action)
    {
        Assert.Equal(ok, StepFunctionsService.TryGetAction(target, out var parsed));
        Assert.Equal(action, parsed);
    }

    [Fact]
    public async Task HandleAsync_UnknownActionOrBadBody_ReturnsClearError()
    {
        var host = new AslTestHost();
        var (status, body) = await host.CallAsync("NoSuchAction", []);
        Assert.Equal(400, status);
        Assert.Contains("NoSuchAction", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var response = await host.Service.HandleAsync("ListStateMachines", "not json"u8.ToArray(), AslTestHost.Token);
        Assert.Equal(400, response.StatusCode);
    }
}
