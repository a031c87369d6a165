using Sluice.Shared;

namespace Sluice.Cli.Tests.Support;

/// <summary>Runs `sluice` in process with captured output, an environment of its own and no real profile files.</summary>
internal static class CliRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(IReadOnlyList<string> args, Func<CliHost, CliHost>? adjust = null, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            IsTerminal = false,
            Environment = new DictionaryEnvironment(environment ?? new Dictionary<string, string?> { ["HOME"] = EmptyHome }),
            WorkingDirectory = EmptyHome,
            Random = () => 0.5,
        };
        host = adjust?.Invoke(host) ?? host;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, cancellationToken);
        var code = await SluiceCommand.RunAsync(host, [.. args], linked.Token).WaitAsync(timeout ?? Timeout, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>A directory with no .aws files and no template above it.</summary>
    public static string EmptyHome { get; } = Directory.CreateTempSubdirectory("sluice-cli-home-").FullName;
}
