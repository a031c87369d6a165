using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Api;

namespace Sluice.Asl.Tests.Api;

/// <summary>
/// What the service makes of a journal at start: an execution whose row still says RUNNING but whose
/// kept history ends with its own end (the stop came between the two writes) is closed as that event
/// says, not run again; one whose history stops inside a state is resumed from its kept position.
/// </summary>
public sealed class ExecutionJournalLoadTests
{
    private const string Machine = "arn:aws:states:us-east-1:000000000000:stateMachine:flow";
    private const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.p","Next":"W"},"W":{"Type":"Wait","Seconds":0,"End":true}}}""";
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RowRunning_HistoryEndsWithExecutionSucceeded_ClosedAsTheEventSays_NotResumed()
    {
        var journal = new KeptJournal(Execution("closed", [
            Event(1, 0, "ExecutionStarted", null, """{"input":"{}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::000000000000:role/r"}"""),
            Event(2, 1, "PassStateEntered", "P", "{}"),
            Event(3, 2, "PassStateExited", "P", """{"p":{"ok":true}}"""),
            Event(4, 3, "WaitStateEntered", "W", """{"p":{"ok":true}}"""),
            Event(5, 4, "WaitStateExited", "W", """{"p":{"ok":true}}"""),
            Event(6, 5, "ExecutionSucceeded", null, """{"output":"{\"p\":{\"ok\":true}}","outputDetails":{"truncated":false}}"""),
        ], [new StoredPosition("", "W", 4)]));
        var service = new StepFunctionsService(new AslEngineOptions { Journal = journal });

        Assert.Equal(0, service.ResumeRunning());
        var described = await CallAsync(service, "DescribeExecution", new JsonObject { ["executionArn"] = Arn("closed") });
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.Equal("""{"p":{"ok":true}}""", described["output"]!.GetValue<string>());
        Assert.Equal(s_start.AddSeconds(6).ToUnixTimeMilliseconds() / 1000.0, described["stopDate"]!.GetValue<double>());
        var saved = Assert.Single(journal.Saved);
        Assert.Equal("SUCCEEDED", saved.Status);
        Assert.Contains(Arn("closed"), journal.Cleared);
    }

    [Fact]
    public async Task RowRunning_HistoryInsideAState_ResumedFromItsPosition_HistoryContinues()
    {
        var journal = new KeptJournal(Execution("open", [
            Event(1, 0, "ExecutionStarted", null, """{"input":"{}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::000000000000:role/r"}"""),
            Event(2, 1, "PassStateEntered", "P", "{}"),
            Event(3, 2, "PassStateExited", "P", """{"p":{"ok":true}}"""),
            Event(4, 3, "WaitStateEntered", "W", """{"p":{"ok":true}}"""),
        ], [new StoredPosition("", "W", 4)]));
        var service = new StepFunctionsService(new AslEngineOptions { Journal = journal });

        Assert.Equal(1, service.ResumeRunning());
        await service.WaitForExecutionAsync(Arn("open"), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var described = await CallAsync(service, "DescribeExecution", new JsonObject { ["executionArn"] = Arn("open") });
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.Equal("""{"p":{"ok":true}}""", described["output"]!.GetValue<string>());
        var history = await CallAsync(service, "GetExecutionHistory", new JsonObject { ["executionArn"] = Arn("open") });
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"],
            history["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        // The events after the restart went to the journal, numbered on from the kept ones.
        Assert.Equal([5L, 6L, 7L], journal.Appended.Select(e => e.Id));
    }

    private static string Arn(string name) => $"arn:aws:states:us-east-1:000000000000:execution:flow:{name}";

    private static StoredHistoryEvent Event(long id, long previous, string type, string? state, string text) =>
        new(id, previous, s_start.AddSeconds(id).UtcTicks, type, state, text);

    private static StoredExecutionState Execution(string name, StoredHistoryEvent[] events, StoredPosition[] positions) => new(
        new StoredExecution(Arn(name), name, Machine, "flow", "arn:aws:iam::000000000000:role/r", "STANDARD", Definition, "{}", s_start, "RUNNING",
            null, null, null, null, 0, null, []),
        events, positions, new Dictionary<string, string>(), new Dictionary<string, string>());

    private static async Task<JsonObject> CallAsync(StepFunctionsService service, string action, JsonObject request)
    {
        var response = await service.HandleAsync(action, Encoding.UTF8.GetBytes(request.ToJsonString()), TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == 200, response.Body);
        return JsonNode.Parse(response.Body)!.AsObject();
    }

    /// <summary>Hands the service one kept execution (and its machine) and records what it writes back.</summary>
    private sealed class KeptJournal(StoredExecutionState kept) : IExecutionJournal
    {
        public List<StoredExecution> Saved { get; } = [];

        public List<StoredHistoryEvent> Appended { get; } = [];

        public List<string> Cleared { get; } = [];

        public StoredStepFunctions Load() => new(
            [new StoredStateMachine(Machine, "flow", "STANDARD", s_start, Definition, "arn:aws:iam::000000000000:role/r", """{"level":"OFF","includeExecutionData":false}""", """{"enabled":false}""", null, null, null, new Dictionary<string, string>())],
            [kept]);

        public void SaveStateMachine(StoredStateMachine machine)
        {
        }

        public void DeleteStateMachine(string arn)
        {
        }

        public void SaveExecution(StoredExecution execution)
        {
            lock (Saved)
            {
                Saved.Add(execution);
            }
        }

        public void Append(string executionArn, StoredHistoryEvent historyEvent)
        {
            lock (Appended)
            {
                Appended.Add(historyEvent);
            }
        }

        public void SavePosition(string executionArn, string path, string state, long eventId)
        {
        }

        public void SaveSucceeded(string executionArn, string path, string outputJson)
        {
        }

        public void SaveVariables(string executionArn, string path, string variablesJson)
        {
        }

        public void Forget(string executionArn, string path)
        {
        }

        public void ClearCheckpoints(string executionArn)
        {
            lock (Cleared)
            {
                Cleared.Add(executionArn);
            }
        }

        public void ReleaseHistory(string executionArn)
        {
        }

        public void Flush()
        {
        }
    }
}
