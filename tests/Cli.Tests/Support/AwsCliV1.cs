using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Cli.Tests.Support;

/// <summary>
/// AWS CLI v1 against an endpoint given by <c>AWS_ENDPOINT_URL</c>, with dummy credentials and
/// v1's folder first on the PATH, so scripts that call <c>aws</c> (infra/smoke-test.sh) use it too.
/// v1 is the CLI whose <c>cloudformation package</c>/<c>deploy</c> make their S3 client from the
/// environment's endpoint; v2.9 ignores AWS_ENDPOINT_URL and passes --endpoint-url to no S3 client.
/// Commands also get --endpoint-url: v1's SQS commands with a --queue-url go to the legacy SQS
/// endpoint otherwise.
/// </summary>
internal sealed class AwsCliV1(string path, string endpoint)
{
    public static AwsCliV1? Find(string endpoint) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "aws")).Where(File.Exists).Distinct()
            .FirstOrDefault(IsVersion1) is { } found ? new AwsCliV1(found, endpoint) : null;

    private static bool IsVersion1(string aws)
    {
        using var p = Process.Start(new ProcessStartInfo(aws, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit(30_000);
        return text.StartsWith("aws-cli/1.", StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="file"/> (aws itself, or a script such as bash) with the CLI's environment.</summary>
    public async Task<(int Exit, string Out, string Err)> RunFileAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PATH"] = Path.GetDirectoryName(path) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["AWS_ENDPOINT_URL"] = endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took more than {timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) =>
        RunFileAsync(path, ["--endpoint-url", endpoint, "--output", "json", .. args], TimeSpan.FromMinutes(3));

    /// <summary>A command that must succeed; its JSON output (an empty object if none).</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"aws {string.Join(' ', args)} failed ({exit}): {error}{output}");
        return string.IsNullOrWhiteSpace(output) ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(output).RootElement;
    }

    /// <summary>A command that must fail; its standard error and output.</summary>
    public async Task<string> FailAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit != 0, $"aws {string.Join(' ', args)} should have failed:\n{output}");
        return error + output;
    }
}
