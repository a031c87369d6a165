using System.Text.Json;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Logs;

/// <summary>`sluice logs` against the local cloud's CloudWatch Logs, with events written by the real AWS CLI.</summary>
public sealed class LogsCommandTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task<AwsCliV1> WriteAsync(string group, string stream, params (long Timestamp, string Message)[] events)
    {
        var aws = AwsCliV1.Find(cloud.Endpoint);
        Assert.SkipWhen(aws is null, "AWS CLI v1 (`aws` on the PATH, pip install awscli) is needed to write the log events this test reads");
        await aws!.RunFileAsync("aws", ["logs", "create-log-group", "--log-group-name", group], TimeSpan.FromSeconds(60));
        var created = await aws.RunFileAsync("aws", ["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", stream], TimeSpan.FromSeconds(60));
        Assert.True(created.Exit == 0, created.Err);
        var json = JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object> { ["timestamp"] = e.Timestamp, ["message"] = e.Message }));
        var put = await aws.RunFileAsync("aws", ["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", json], TimeSpan.FromSeconds(60));
        Assert.True(put.Exit == 0, put.Err);
        return aws;
    }

    private static string Stack() => "logs" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Logs_TwoFunctions_InterleavedInTimeOrderWithTheirNames()
    {
        var stack = Stack();
        var t = Now;
        await WriteAsync($"/aws/lambda/{stack}-ingest", "s1", (t - 3000, "ingest first"), (t - 1000, "ingest third"));
        await WriteAsync($"/aws/lambda/{stack}-processor", "s2", (t - 2000, "processor second"));

        var result = await CliRunner.RunAsync(["logs", "--endpoint", cloud.Endpoint, "--stack", stack]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("ingest       ingest first", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("processor    processor second", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("ingest       ingest third", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_OneFunctionWithFilterAndJson_OnlyMatchingLinesAsObjects()
    {
        var stack = Stack();
        var t = Now;
        await WriteAsync($"/aws/lambda/{stack}-orchestrator", "s", (t - 2000, """{"level":"Error","orderId":"o-1"}"""), (t - 1000, """{"level":"Information"}"""));

        var result = await CliRunner.RunAsync(["logs", "orchestrator", "--endpoint", cloud.Endpoint, "--stack", stack, "--filter", """{ $.level = "Error" }""", "--json"]);

        Assert.Equal(0, result.ExitCode);
        var line = JsonDocument.Parse(Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal($"/aws/lambda/{stack}-orchestrator", line.GetProperty("logGroup").GetString());
        Assert.Equal("s", line.GetProperty("logStream").GetString());
        Assert.Equal("""{"level":"Error","orderId":"o-1"}""", line.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Logs_Since_LeavesOutOlderLines()
    {
        var stack = Stack();
        var t = Now;
        await WriteAsync($"/aws/lambda/{stack}-ingest", "s", (t - (2 * 3_600_000), "two hours ago"), (t - 60_000, "a minute ago"));

        var recent = await CliRunner.RunAsync(["logs", "ingest", "--endpoint", cloud.Endpoint, "--stack", stack, "--since", "30m"]);
        var longer = await CliRunner.RunAsync(["logs", "ingest", "--endpoint", cloud.Endpoint, "--stack", stack, "--since", "3h"]);

        Assert.DoesNotContain("two hours ago", recent.Out, StringComparison.Ordinal);
        Assert.Contains("a minute ago", recent.Out, StringComparison.Ordinal);
        Assert.Contains("two hours ago", longer.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Follow_PrintsALineWrittenAfterItStartedOnce()
    {
        var stack = Stack();
        var group = $"/aws/lambda/{stack}-processor";
        var aws = await WriteAsync(group, "s", (Now - 1000, "before"));
        var output = new SignallingWriter();
        using var stop = new CancellationTokenSource();

        var running = CliRunner.RunAsync(["logs", "processor", "--endpoint", cloud.Endpoint, "--stack", stack, "--follow", "--interval", "0.2"],
            host => new CliHost { Out = output, Error = host.Error, Environment = host.Environment, WorkingDirectory = host.WorkingDirectory, Random = host.Random },
            cancellationToken: stop.Token, timeout: TimeSpan.FromMinutes(3));
        await output.SeenAsync("before").WaitAsync(TimeSpan.FromSeconds(60));
        var put = await aws.RunFileAsync("aws", ["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s",
            "--log-events", JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["timestamp"] = Now, ["message"] = "after" } })], TimeSpan.FromSeconds(60));
        Assert.True(put.Exit == 0, put.Err);
        await output.SeenAsync("after").WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        Assert.Equal(130, (await running).ExitCode);

        var text = output.ToString();
        Assert.Equal(1, text.Split("before").Length - 1);
        Assert.Equal(1, text.Split("after").Length - 1);
    }

    [Fact]
    public async Task Logs_NoGroupYet_ExitOneWithTheReason()
    {
        var result = await CliRunner.RunAsync(["logs", "ingest", "--endpoint", cloud.Endpoint, "--stack", Stack()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no log group", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "5x", "--since takes a number with s, m, h or d")]
    [InlineData("--interval", "abc", "--interval takes a number")]
    public async Task Logs_BadOptionValue_OneLineExitTwo(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync(["logs", option, value, "--endpoint", cloud.Endpoint]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_UnknownFunction_OneLineExitTwo()
    {
        var result = await CliRunner.RunAsync(["logs", "billing", "--endpoint", cloud.Endpoint]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("function must be one of ingest, processor, orchestrator", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A console that lets a test wait until some text has been written (the command runs on).</summary>
    private sealed class SignallingWriter : StringWriter
    {
        private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

        public Task SeenAsync(string text)
        {
            lock (_waits)
            {
                var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((text, seen));
                Check();
                return seen.Task;
            }
        }

        public override void Write(char value)
        {
            lock (_waits)
            {
                base.Write(value);
                Check();
            }
        }

        public override void Write(string? value)
        {
            lock (_waits)
            {
                base.Write(value);
                Check();
            }
        }

        private void Check()
        {
            var text = GetStringBuilder().ToString();
            foreach (var (wanted, seen) in _waits)
            {
                if (text.Contains(wanted, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
