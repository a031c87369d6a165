using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Cli.Tests.Support;
using Sluice.Cli.Tests.Watch;

namespace Sluice.Cli.Tests.Redrive;

/// <summary>
/// `sluice redrive` against the Step Functions engine: a step that crashed on an execution's first
/// run succeeds once the execution is redriven (<see cref="StepFunctionsFixture.CrashingDefinition"/>).
/// </summary>
public sealed class RedriveCommandTests(StepFunctionsFixture sfn) : IClassFixture<StepFunctionsFixture>
{
    private static int s_machines;

    /// <summary>A machine with one execution that crashed (FAILED) and one that SUCCEEDED.</summary>
    private async Task<(string Name, string Crashed, string Succeeded)> MachineAsync()
    {
        var name = $"crashing-{Interlocked.Increment(ref s_machines)}";
        var arn = await sfn.CreateAsync(name, StepFunctionsFixture.CrashingDefinition);
        var crashed = await sfn.StartAsync(arn, "evt-crashed", """{"crash":true}""");
        var succeeded = await sfn.StartAsync(arn, "evt-ok", """{"crash":false}""");
        Assert.Equal("FAILED", await StatusAsync(crashed));
        Assert.Equal("SUCCEEDED", await StatusAsync(succeeded));
        return (name, crashed, succeeded);
    }

    private async Task<string?> StatusAsync(string arn) =>
        (await sfn.CallAsync("DescribeExecution", new() { ["executionArn"] = arn })).GetProperty("status").GetString();

    private async Task<List<string>> HistoryTypesAsync(string arn) =>
        [.. (await sfn.CallAsync("GetExecutionHistory", new() { ["executionArn"] = arn })).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private Task<CliResult> RunAsync(string machine, params string[] args) =>
        CliRunner.RunAsync(["redrive", .. args, "--endpoint", sfn.Endpoint, "--state-machine", machine]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Redrive_CrashedExecution_IsRedrivenFromTheFailedStepAndSucceeds()
    {
        var (name, crashed, _) = await MachineAsync();

        var result = await RunAsync(name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["redriven        evt-crashed  was FAILED", $"1 execution of {name}: 1 redriven"],
            Lines(result.Out));
        await sfn.Service.WaitForExecutionAsync(crashed, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal("SUCCEEDED", await StatusAsync(crashed));
        var types = await HistoryTypesAsync(crashed);
        Assert.Equal(["ExecutionFailed", "ExecutionRedriven"], types.SkipWhile(t => t != "ExecutionFailed").Take(2));
        Assert.Equal("ExecutionSucceeded", types[^1]);
        // The Pass state before the crashed step ran once: the redrive started at the failed step.
        Assert.Equal(1, types.Count(t => t == "PassStateEntered"));
        Assert.Equal(2, types.Count(t => t == "TaskStateEntered"));
    }

    [Fact]
    public async Task Redrive_Again_NothingLeftToRedrive()
    {
        var (name, crashed, _) = await MachineAsync();
        Assert.Equal(0, (await RunAsync(name)).ExitCode);
        await sfn.Service.WaitForExecutionAsync(crashed, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var result = await RunAsync(name, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(0, report.RootElement.GetProperty("executions").GetArrayLength());
        Assert.Equal(0, report.RootElement.GetProperty("redriven").GetInt32());
        Assert.EndsWith(":stateMachine:" + name, report.RootElement.GetProperty("stateMachine").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_SucceededExecutionNamed_NotRedrivableWithAwsReasonAndExit1()
    {
        var (name, crashed, succeeded) = await MachineAsync();

        var result = await RunAsync(name, "evt-ok", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        var only = Assert.Single(report.RootElement.GetProperty("executions").EnumerateArray().ToList());
        Assert.Equal(
            (succeeded, "SUCCEEDED", "not redrivable", "Execution is SUCCEEDED and cannot be redriven"),
            (only.GetProperty("execution").GetString(), only.GetProperty("status").GetString(), only.GetProperty("result").GetString(), only.GetProperty("reason").GetString()));
        Assert.Equal((0, 1), (report.RootElement.GetProperty("redriven").GetInt32(), report.RootElement.GetProperty("notRedriven").GetInt32()));
        Assert.Equal("FAILED", await StatusAsync(crashed));
    }

    [Fact]
    public async Task Redrive_NamedExecutionsMixed_OneLineEachAndExit1()
    {
        var (name, crashed, _) = await MachineAsync();
        var missing = crashed.Replace("evt-crashed", "evt-never", StringComparison.Ordinal);

        var result = await RunAsync(name, "evt-crashed", "evt-ok", missing);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = Lines(result.Out);
        Assert.True(lines.Length == 4, result.ToString());
        Assert.Equal("redriven        evt-crashed  was FAILED", lines[0]);
        Assert.Equal("not redrivable  evt-ok  SUCCEEDED: Execution is SUCCEEDED and cannot be redriven", lines[1]);
        Assert.StartsWith($"not found       {missing}  ExecutionDoesNotExist: ", lines[2], StringComparison.Ordinal);
        Assert.Equal($"3 executions of {name}: 1 redriven, 1 not redrivable, 1 not found", lines[3]);
    }

    [Fact]
    public async Task Redrive_DryRun_ReportsAndChangesNothing()
    {
        var (name, crashed, _) = await MachineAsync();

        var result = await RunAsync(name, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["would redrive   evt-crashed  was FAILED", $"1 execution of {name}: 1 would be redriven (dry run: nothing was redriven)"],
            Lines(result.Out));
        var described = await sfn.CallAsync("DescribeExecution", new() { ["executionArn"] = crashed });
        Assert.Equal(("FAILED", 0), (described.GetProperty("status").GetString(), described.GetProperty("redriveCount").GetInt32()));
        Assert.DoesNotContain("ExecutionRedriven", await HistoryTypesAsync(crashed));
    }

    [Fact]
    public async Task Redrive_DryRunOnSucceeded_NotRedrivableAndExit1()
    {
        var (name, _, _) = await MachineAsync();

        var result = await RunAsync(name, "evt-ok", "--dry-run");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("not redrivable  evt-ok  SUCCEEDED: Execution is SUCCEEDED and cannot be redriven", Lines(result.Out)[0]);
    }

    [Fact]
    public async Task Redrive_FailureOlderThanSince_NothingToRedrive()
    {
        var (name, crashed, _) = await MachineAsync();
        // The CLI's clock 15 days on: the failure is outside the default --since (-14d).
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(15));

        var result = await CliRunner.RunAsync(["redrive", "--endpoint", sfn.Endpoint, "--state-machine", name], host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = host.Environment,
            WorkingDirectory = host.WorkingDirectory,
            Clock = later,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"nothing to redrive: no FAILED, TIMED_OUT or ABORTED executions of {name} since ", Assert.Single(Lines(result.Out)), StringComparison.Ordinal);
        Assert.Equal("FAILED", await StatusAsync(crashed));
    }

    [Theory]
    [InlineData(new[] { "--since", "yesterday" }, "sluice: --since: 'yesterday' is neither an ISO-8601 time")]
    [InlineData(new[] { "--since", "-2h", "evt-1" }, "sluice: --since selects executions only when no ids are given")]
    public async Task Redrive_BadOptions_OneLineUsageError(string[] args, string expected)
    {
        var result = await CliRunner.RunAsync(["redrive", .. args, "--endpoint", "http://127.0.0.1:9", "--state-machine", "m"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Redrive_StateMachineNotFound_OneLineError()
    {
        var result = await RunAsync("no-such-machine");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: state machine 'no-such-machine' not found at ", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }
}
