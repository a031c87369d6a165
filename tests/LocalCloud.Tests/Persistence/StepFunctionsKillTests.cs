using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>
/// The standalone host on a data directory, SIGKILLed while executions run, as a user's AWS CLI sees
/// it: an execution StartExecution acknowledged just before the kill is there after the restart, and
/// every running execution finishes, its history the kept events followed by the rest, one
/// ExecutionStarted, ids without a gap.
/// </summary>
public sealed class StepFunctionsKillTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    private const string Definition = """
        {"StartAt":"Mark","States":{
          "Mark":{"Type":"Pass","Result":{"marked":true},"ResultPath":"$.mark","Next":"Hold"},
          "Hold":{"Type":"Wait","Seconds":2,"Next":"Done"},
          "Done":{"Type":"Pass","End":true}}}
        """;

    [Fact]
    public async Task HostKilled_WhileExecutionsRun_AcknowledgedStartKept_EveryExecutionFinishesOnce()
    {
        AwsCli.RequireInstalled();
        string waiting, justStarted;
        List<string> typesBeforeKill;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            var machine = (await aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "held", "--definition", Definition,
                "--role-arn", "arn:aws:iam::000000000000:role/r")).GetProperty("stateMachineArn").GetString()!;
            waiting = (await aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "waiting", "--input", """{"order":"o-1"}"""))
                .GetProperty("executionArn").GetString()!;
            typesBeforeKill = await Poll.ForAsync(async () =>
            {
                var types = await TypesAsync(aws, waiting);
                return types.Contains("WaitStateEntered") ? types : null;
            }, () => "the Wait state entered");
            justStarted = (await aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "just-started", "--input", """{"order":"o-2"}"""))
                .GetProperty("executionArn").GetString()!;
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var cli = new AwsCli(second.Endpoint);
        foreach (var (arn, order) in new[] { (waiting, "o-1"), (justStarted, "o-2") })
        {
            JsonElement described = default;
            await Poll.UntilAsync(async () =>
            {
                described = await cli.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", arn);
                return described.GetProperty("status").GetString() != "RUNNING";
            }, () => described.ToString());
            Assert.Equal("SUCCEEDED", described.GetProperty("status").GetString());
            var output = JsonDocument.Parse(described.GetProperty("output").GetString()!).RootElement;
            Assert.Equal(order, output.GetProperty("order").GetString());
            Assert.True(output.GetProperty("mark").GetProperty("marked").GetBoolean());

            var history = (await cli.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", arn)).GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.GetProperty("id").GetInt32()));
            Assert.Single(history, e => e.GetProperty("type").GetString() == "ExecutionStarted");
            Assert.Single(history, e => e.GetProperty("type").GetString() == "ExecutionSucceeded");
        }

        // The kept events come first, unchanged (at most the newest few, not yet written at the kill, are missing).
        var after = await TypesAsync(cli, waiting);
        var kept = typesBeforeKill.TakeWhile((type, i) => i < after.Count && after[i] == type).Count();
        Assert.True(kept >= 2, $"before the kill: {string.Join(", ", typesBeforeKill)}; after: {string.Join(", ", after)}");
    }

    private static async Task<List<string>> TypesAsync(AwsCli aws, string arn) =>
        [.. (await aws.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", arn)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
