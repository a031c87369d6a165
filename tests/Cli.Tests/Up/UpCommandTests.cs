using System.Net;
using System.Net.Sockets;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Up;

public sealed class UpCommandTests
{
    [Fact]
    public async Task Up_NoCompilerOnPath_ExplainsTheToolchainInOneLine()
    {
        var empty = Directory.CreateTempSubdirectory("sluice-nocc-").FullName;
        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", RepositoryTemplate()],
            environment: new Dictionary<string, string?> { ["HOME"] = CliRunner.EmptyHome, ["PATH"] = empty });

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("sluice:", StringComparison.Ordinal));
        Assert.Equal("sluice: native AOT needs a C toolchain: apt-get install gcc zlib1g-dev", line.Trim());
    }

    [Fact]
    public async Task Up_CompilerInAPathDirectory_GetsPastTheToolchainCheck()
    {
        var bin = Directory.CreateTempSubdirectory("sluice-cc-").FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "cc"), "#!/bin/sh\n", TestContext.Current.CancellationToken);
        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", Path.Combine(bin, "missing.yaml")],
            environment: new Dictionary<string, string?> { ["HOME"] = CliRunner.EmptyHome, ["PATH"] = bin });

        Assert.DoesNotContain("C toolchain", result.Error, StringComparison.Ordinal);
        Assert.Contains("template error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_PortAlreadyInUse_ExplainsInOneLine()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--template", RepositoryTemplate()],
            environment: WithPath());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("sluice:", StringComparison.Ordinal));
        Assert.Equal($"sluice: port {port} is already in use (another 'sluice up' or local cloud?); stop it or pass --port <other>", line.Trim());
    }

    [Fact]
    public async Task Up_BrokenTemplate_PrintsTheLoadersMessageInOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-badtpl-").FullName;
        var template = Path.Combine(dir, "template.yaml");
        await File.WriteAllTextAsync(template, "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", template], environment: WithPath());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("sluice:", StringComparison.Ordinal));
        Assert.StartsWith("sluice: template error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Up_MissingTemplateFile_NamesIt()
    {
        var missing = Path.Combine(CliRunner.EmptyHome, "nope.yaml");

        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", missing], environment: WithPath());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"sluice: template error: template {missing} does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_ParameterWithoutEquals_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", RepositoryTemplate(), "--parameter", "Stage"], environment: WithPath());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--parameter takes Key=Value, not 'Stage'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_NegativeExecutionHistories_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["up", "--ephemeral", "--port", "0", "--template", RepositoryTemplate(), "--execution-histories", "-5"], environment: WithPath());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--execution-histories takes a whole number from 0 to 2147483647", result.Error, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> WithPath() =>
        new() { ["HOME"] = CliRunner.EmptyHome, ["PATH"] = Environment.GetEnvironmentVariable("PATH") };

    internal static string RepositoryTemplate() => RepositoryRoot.PathOf("infra", "template.yaml");
}
