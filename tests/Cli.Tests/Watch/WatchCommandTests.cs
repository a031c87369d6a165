using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Watch;

/// <summary>`sluice watch` against the Step Functions engine: two confirmed orders, one rejected.</summary>
public sealed class WatchCommandTests(StepFunctionsFixture sfn) : IClassFixture<StepFunctionsFixture>
{
    private static int _machines;

    private async Task<(string Name, string Arn)> MachineWithRunsAsync()
    {
        var name = $"order-fulfilment-{Interlocked.Increment(ref _machines)}";
        var arn = await sfn.CreateAsync(name);
        await sfn.StartAsync(arn, "ok-1", """{"ok":true,"slow":false}""");
        await sfn.StartAsync(arn, "ok-2", """{"ok":true,"slow":false}""");
        await sfn.StartAsync(arn, "bad-1", """{"ok":false,"slow":false}""");
        return (name, arn);
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => Regex.Replace(l.Trim(), " {2,}", " ")).Where(l => l.Length > 0)];

    [Fact]
    public async Task Watch_OnceJson_CountsByStatusAndNamesTheFailingStateAndError()
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
        Assert.Equal(3, root.GetProperty("completedLastMinute").GetInt32());
        var recent = root.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(3, recent.Count);
        var failed = Assert.Single(recent, e => e.GetProperty("status").GetString() == "FAILED");
        Assert.Equal("bad-1", failed.GetProperty("name").GetString());
        Assert.Equal("Reject", failed.GetProperty("failedState").GetString());
        Assert.Equal("OutOfStock", failed.GetProperty("error").GetString());
        Assert.Equal("OOS-1 is out of stock", failed.GetProperty("cause").GetString());
        Assert.All(recent.Where(e => e.GetProperty("status").GetString() == "SUCCEEDED"), e => Assert.False(e.TryGetProperty("error", out _)));
    }

    [Fact]
    public async Task Watch_OncePlain_SummaryLinesAndATableOfRecentExecutions()
    {
        var (_, arn) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", arn, "--recent", "2"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Out);
        Assert.Contains("executions: 3 (FAILED 1, SUCCEEDED 2)", lines);
        Assert.Contains(lines, l => l.StartsWith("last minute: 3 started, 3 completed", StringComparison.Ordinal));
        Assert.Contains("name status started duration failed state error", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("ok-", StringComparison.Ordinal) || l.StartsWith("bad-", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("bad-1 FAILED", StringComparison.Ordinal) && l.EndsWith("Reject OutOfStock: OOS-1 is out of stock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_FinishedExecution_PrintsItStateByStateAndExitsOneForAFailure()
    {
        var (name, _) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "bad-1", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.Out);
        var types = lines.Where(l => l.StartsWith('+')).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered", "ChoiceStateExited", "FailStateEntered", "ExecutionFailed"], types);
        Assert.Contains(lines, l => l.EndsWith("FailStateEntered Reject", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("ExecutionFailed OutOfStock: OOS-1 is out of stock", StringComparison.Ordinal));
        Assert.StartsWith("status: FAILED after", lines[^1], StringComparison.Ordinal);
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
    }

    [Fact]
    public async Task Watch_UnknownStateMachine_OneLineError()
    {
        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", sfn.Endpoint, "--state-machine", "nope"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: state machine 'nope' not found at {sfn.Endpoint}; pass --state-machine (name or ARN) or --stack", result.Error.Trim());
    }

    [Fact]
    public async Task Watch_UnknownExecution_OneLineError()
    {
        var (name, _) = await MachineWithRunsAsync();

        var result = await CliRunner.RunAsync(["watch", "ghost", "--once", "--endpoint", sfn.Endpoint, "--state-machine", name]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("ExecutionDoesNotExist", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Watch_EndpointUnreachable_OneLineError()
    {
        var result = await CliRunner.RunAsync(["watch", "--once", "--endpoint", "http://127.0.0.1:9", "--state-machine", "x"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot reach http://127.0.0.1:9:", result.Error, StringComparison.Ordinal);
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
                Out = host.Out, Error = host.Error, Environment = host.Environment, WorkingDirectory = host.WorkingDirectory,
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
