using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Replay;

/// <summary>Each failure `sluice replay` can meet ends in one line on standard error and a non-zero exit.</summary>
public sealed class ReplayCommandErrorTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static string[] Lines(string error) => error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("yesterday", "sluice: --from: 'yesterday' is neither an ISO-8601 time")]
    [InlineData("-15x", "sluice: --from: '-15x' is not a relative time like -90s, -15m, -2h or -1d")]
    public async Task Replay_BadFrom_OneLineUsageError(string from, string expected)
    {
        var result = await CliRunner.RunAsync(["replay", "--from", from, "--endpoint", "http://127.0.0.1:9", "--stream", "s"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ToBeforeFrom_OneLineUsageError()
    {
        var result = await CliRunner.RunAsync(["replay", "--from", "-1h", "--to", "-2h", "--endpoint", "http://127.0.0.1:9", "--stream", "s"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("sluice: --to is before --from", Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task Replay_WithoutFrom_ParseError()
    {
        var result = await CliRunner.RunAsync(["replay", "--stream", "s"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_StreamNotFound_OneLineError()
    {
        var result = await CliRunner.RunAsync(["replay", "--from", "-15m", "--endpoint", cloud.Endpoint, "--stream", "no-such-stream"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("sluice: stream 'no-such-stream' not found at " + cloud.Endpoint, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_EndpointUnreachable_OneLineError()
    {
        var result = await CliRunner.RunAsync(["replay", "--from", "-15m", "--endpoint", "http://127.0.0.1:9", "--stream", "s"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot reach http://127.0.0.1:9:", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }
}
