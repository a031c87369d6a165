using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Watch;

/// <summary>`sluice watch` against the Step Functions engine: two confirmed runs, one failed, and the workflow's shape in small.</summary>
public sealed class WatchCommandTests(StepFunctionsFixture sfn) : IClassFixture<StepFunctionsFixture>
{
    private static int s_machines;

    private async Task<(string Name, string Arn)> MachineWithRunsAsync()
    {
        var name = $"order-fulfilment-{Interlocked.Increment(ref s_machines)}";
        var arn = await sfn.CreateAsync(name);
        await sfn.StartAsync(arn, "ok-1", """{"ok":true,"slow":false,"subject":"ord-1"}""");
        await sfn.StartAsync(arn, "ok-2", """{"ok":true,"slow":false,"subject":"ord-2"}""");
        await sfn.StartAsync(arn, "bad-1", """{"ok":false,"slow":false,"subject":"ord-3"}""");
        return (name, arn);
    }

    private async Task<string> LanesMachineAsync()
    {
        var name = $"lanes-{Interlocked.Increment(ref s_machines)}";
        var arn = await sfn.CreateAsync(name, StepFunctionsFixture.LanesDefinition);
        await sfn.StartAsync(arn, "good", """{"subject":"ord-good","data":{"lines":[{"sku":"A"},{"sku":"B"}]}}""");
        await sfn.StartAsync(arn, "oos", """{"subject":"ord-oos","data":{"lines":[{"sku":"A"},{"sku":"OOS-1"}]}}""");
        return name;
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => Regex.Replace(l.Trim(), " {2,}", " ")).Where(l => l.Length > 0)];

    [Fact]
    public async Task Watch_OnceJson_OrderOutcomeFailingStateAndError()
    {
        var (name, arn) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "--once", "--json", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var snapshot = JsonDocument.Parse(result.Out);
        var root = snapshot.RootElement;
        Assert.Equal(arn, root.GetProperty("stateMachineArn").GetString());
        Assert.Equal(3, root.GetProperty("total").GetInt32());
        Assert.Equal(2, root.GetProperty("byStatus").GetProperty("SUCCEEDED").GetInt32());
        Assert.Equal(1, root.GetProperty("byStatus").GetProperty("FAILED").GetInt32());
        Assert.Equal(2, root.GetProperty("byOutcome").GetProperty("confirmed").GetInt32());
        Assert.Equal(3, root.GetProperty("completedLastMinute").GetInt32());
        var recent = root.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(3, recent.Count);
        var failed = Assert.Single(recent, e => e.GetProperty("status").GetString() == "FAILED");
        Assert.Equal(("bad-1", "ord-3", "failed"), (failed.GetProperty("name").GetString(), failed.GetProperty("orderId").GetString(), failed.GetProperty("outcome").GetString()));
        Assert.Equal("Reject", failed.GetProperty("failedState").GetString());
        Assert.Equal("OutOfStock", failed.GetProperty("error").GetString());
        Assert.Equal("OOS-1 is out of stock", failed.GetProperty("cause").GetString());
        Assert.All(recent.Where(e => e.GetProperty("status").GetString() == "SUCCEEDED"), e =>
        {
            Assert.Equal("confirmed", e.GetProperty("outcome").GetString());
            Assert.False(e.TryGetProperty("error", out _));
        });
    }

    [Fact]
    public async Task Watch_RejectedOrder_OutcomeReasonAndTheStatesFromTheHistory()
    {
        var name = await LanesMachineAsync();

        var result = await CliRunner.RunAsync(["watch", "--once", "--json", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var snapshot = JsonDocument.Parse(result.Out);
        var recent = snapshot.RootElement.GetProperty("recent").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal("confirmed", recent["good"].GetProperty("outcome").GetString());
        var oos = recent["oos"];
        Assert.Equal(("SUCCEEDED", "rejected", "ord-oos"), (oos.GetProperty("status").GetString(), oos.GetProperty("outcome").GetString(), oos.GetProperty("orderId").GetString()));
        Assert.Equal(("OutOfStock", "SKU OOS-1 is out of stock"), (oos.GetProperty("error").GetString(), oos.GetProperty("cause").GetString()));
        Assert.Equal("OutOfStock", oos.GetProperty("failedState").GetString());
        Assert.Equal("ReserveAndAuthorize", oos.GetProperty("catchingState").GetString());
        Assert.DoesNotContain("stackTrace", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OncePlain_SummaryLinesAndATableOfRecentExecutions()
    {
        var (_, arn) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", arn, "--recent", "2"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Out);
        Assert.Contains($"state machine: {arn}", lines);
        Assert.Contains("executions: 3 (FAILED 1, SUCCEEDED 2)", lines);
        Assert.Contains(lines, l => l.StartsWith("last minute: 3 started, 3 completed", StringComparison.Ordinal));
        Assert.Contains("order execution outcome state took started error", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("ord-", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("ord-3 bad-1 FAILED: OutOfStock Reject ", StringComparison.Ordinal) && l.EndsWith(" OOS-1 is out of stock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_FinishedExecution_StepsAndExitOneForAFailure()
    {
        var (name, _) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "bad-1", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Contains("execution: bad-1", lines);
        Assert.Contains("order: ord-3 (sluice history ord-3)", lines);
        Assert.Contains(lines, l => l.StartsWith("status: FAILED, FAILED: OutOfStock (OOS-1 is out of stock) after", StringComparison.Ordinal));
        var steps = lines.SkipWhile(l => !l.StartsWith("at state", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal(["Validate Pass", "Decide Choice", "Reject Fail"], steps.Select(l => string.Join(' ', l.Split(' ')[1..3])));
        Assert.EndsWith("failed: OutOfStock: OOS-1 is out of stock", steps[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Events_EveryEventWithItsStateName()
    {
        var (name, _) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "bad-1", "--events", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.Out);
        var types = lines.Where(l => l.StartsWith('+')).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered", "ChoiceStateExited", "FailStateEntered", "ExecutionFailed"], types);
        Assert.Contains(lines, l => l.EndsWith("FailStateEntered Reject", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("ExecutionFailed Reject OutOfStock: OOS-1 is out of stock", StringComparison.Ordinal));
        Assert.StartsWith("status: FAILED after", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ParallelAndMap_BranchesAndIterationsAsLanesWithStateNames()
    {
        var name = await LanesMachineAsync();

        var result = await CliRunner.RunAsync(["watch", "oos", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var steps = Lines(result.Out).SkipWhile(l => !l.StartsWith("at state", StringComparison.Ordinal)).Skip(1)
            .Select(l => Regex.Replace(l, @"^\+[0-9.]+s ", string.Empty)).Select(l => Regex.Replace(l, @" [0-9.]+s ", " ")).ToList();
        Assert.Equal(
        [
            "Validate Pass succeeded",
            "ReserveAndAuthorize Parallel caught: OutOfStock",
            "| ReserveLines Map failed: OutOfStock",
            "| [0] ReserveStock Choice succeeded",
            "| [0] Reserved Succeed succeeded",
            "| [1] ReserveStock Choice succeeded",
            "| [1] OutOfStock Fail failed: OutOfStock: SKU OOS-1 is out of stock",
            "| AuthorizePayment Pass succeeded",
            "Rejected Succeed succeeded",
        ], steps);
        Assert.Contains(Lines(result.Out), l => l.StartsWith("status: SUCCEEDED, rejected: OutOfStock (SKU OOS-1 is out of stock) after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_ExecutionJson_LanesStepsAndEventsWithFullIds()
    {
        var name = await LanesMachineAsync();

        var result = await CliRunner.RunAsync(["watch", "oos", "--json", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var trace = JsonDocument.Parse(result.Out);
        var root = trace.RootElement;
        Assert.EndsWith($":execution:{name}:oos", root.GetProperty("executionArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(("rejected", "OutOfStock", "ReserveAndAuthorize"), (root.GetProperty("outcome").GetString(), root.GetProperty("failedState").GetString(), root.GetProperty("catchingState").GetString()));
        var lanes = root.GetProperty("lanes").EnumerateArray().Select(l => (l.GetProperty("label").GetString(), l.GetProperty("depth").GetInt32())).ToList();
        Assert.Equal([("", 0), ("ReserveLines", 1), ("[0]", 2), ("[1]", 2), ("AuthorizePayment", 1)], lanes);
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.All(events.Where(e => e.GetProperty("type").GetString()!.StartsWith("Task", StringComparison.Ordinal)), e => Assert.True(e.TryGetProperty("state", out _)));
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task Watch_RunningExecution_FollowedUntilItSucceeds()
    {
        var (name, arn) = await MachineWithRunsAsync();
        await sfn.StartAsync(arn, "slow-1", """{"ok":false,"slow":true}""", wait: false);

        var result = await CliRunner.RunAsync(["watch", "slow-1", "--endpoint", sfn.Endpoint, "--state-machine", name, "--interval", "0.1", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var trace = JsonDocument.Parse(result.Out);
        Assert.Equal("SUCCEEDED", trace.RootElement.GetProperty("status").GetString());
        var events = trace.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "WaitStateExited");
        Assert.Equal("ExecutionSucceeded", events[^1].GetProperty("type").GetString());
        Assert.True(events[^1].GetProperty("elapsedSeconds").GetDouble() >= 0.9);
        Assert.Contains(trace.RootElement.GetProperty("steps").EnumerateArray(), s => s.GetProperty("state").GetString() == "Hold" && s.GetProperty("status").GetString() == "succeeded");
    }

    [Fact]
    public async Task Watch_RunningExecutionAndAClockBehindTheService_NoNegativeDuration()
    {
        var (name, arn) = await MachineWithRunsAsync();
        await sfn.StartAsync(arn, "slow-2", """{"ok":false,"slow":true,"subject":"ord-9"}""", wait: false);

        var result = await CliRunner.RunAsync(["watch", "--once", "--json", "--endpoint", sfn.Endpoint, "--state-machine", name],
            host => new CliHost
            {
                Out = host.Out,
                Error = host.Error,
                Environment = host.Environment,
                WorkingDirectory = host.WorkingDirectory,
                Clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5)),
            });

        Assert.True(result.ExitCode == 0, result.ToString());
        using var snapshot = JsonDocument.Parse(result.Out);
        var running = Assert.Single(snapshot.RootElement.GetProperty("recent").EnumerateArray(), e => e.GetProperty("status").GetString() == "RUNNING");
        Assert.Equal(0, running.GetProperty("durationSeconds").GetDouble());
        Assert.False(running.TryGetProperty("outcome", out _));
        Assert.Equal("ord-9", running.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task Watch_UnknownStateMachine_OneLineError()
    {
        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", "nope"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: state machine 'nope' not found at {sfn.Endpoint}; pass --state-machine (name or ARN) or --stack", result.Error.Trim());
    }

    [Fact]
    public async Task Watch_EndpointUnreachable_OneLineErrorNamingHowToSetIt()
    {
        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", "http://127.0.0.1:9", "--state-machine", "x"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("sluice: cannot reach http://127.0.0.1:9:", line, StringComparison.Ordinal);
        Assert.EndsWith("(is the local cloud running? 'sluice up' starts it; the endpoint is set by --endpoint <url> or AWS_ENDPOINT_URL, here by --endpoint; --aws talks to AWS)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Live_RefreshesUntilCtrlC()
    {
        var (name, arn) = await MachineWithRunsAsync();
        using var interrupt = new CancellationTokenSource();
        var refreshes = 0;

        var result = await CliRunner.RunAsync(["watch", "--endpoint", sfn.Endpoint, "--state-machine", name, "--interval", "0.1"],
            host => new CliHost
            {
                Out = host.Out,
                Error = host.Error,
                Environment = host.Environment,
                WorkingDirectory = host.WorkingDirectory,
                Delay = async (delay, token) =>
                {
                    Assert.Equal(TimeSpan.FromSeconds(0.1), delay);
                    if (++refreshes == 3)
                    {
                        await sfn.StartAsync(arn, "late-1", """{"ok":true,"slow":false}""");
                        interrupt.Cancel();
                    }

                    await Task.Delay(delay, token);
                },
            },
            cancellationToken: interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        var snapshots = Lines(result.Out).Where(l => l.StartsWith("executions:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, snapshots.Count);
        Assert.All(snapshots, l => Assert.Equal("executions: 3 (FAILED 1, SUCCEEDED 2)", l));
    }
}
