using System.Diagnostics;
using System.Text.Json;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>
/// Runs the real AWS CLI against the local cloud with dummy credentials. Tests that need it call
/// <see cref="RequireInstalled"/>, which skips loudly when <c>aws</c> is not on the PATH.
/// </summary>
internal sealed class AwsCli(string endpoint, string? path = null)
{
    private static readonly Lazy<string?> s_path = new(Find);

    private static readonly Lazy<bool> s_isVersion2 = new(() => IsVersion2(s_path.Value!));

    /// <summary>CLI v2 reads blob arguments as base64 only when told to; v1 always sends them as given.</summary>
    public static string[] Base64BlobArgs => s_isVersion2.Value ? ["--cli-binary-format", "base64"] : [];

    /// <summary>A blob argument holding <paramref name="text"/>'s UTF-8 bytes, in the form this CLI version reads.</summary>
    public static string Blob(string text) =>
        s_isVersion2.Value ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)) : text;

    public static void RequireInstalled()
    {
        if (s_path.Value is null)
        {
            Assert.Skip("aws not installed: the AWS CLI contract tests drive the local cloud through the real client (apt-get install -y awscli)");
        }
    }

    /// <summary>The CLI to use: <c>SLUICE_AWS_CLI</c>, else the first v2 on the PATH (it starts faster), else any.</summary>
    private static string? Find()
    {
        var candidates = Candidates();
        return candidates.FirstOrDefault(IsVersion2) ?? candidates.FirstOrDefault();
    }

    private static List<string> Candidates()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SLUICE_AWS_CLI");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return [fromEnv];
        }

        return [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "aws")).Where(File.Exists).Distinct()];
    }

    /// <summary>
    /// A CLI that knows <paramref name="service"/> <paramref name="operation"/> (an older CLI v2 may
    /// predate an operation that v1 has), or a loud skip when none on the PATH does.
    /// </summary>
    public static AwsCli Supporting(string endpoint, string service, string operation)
    {
        RequireInstalled();
        foreach (var candidate in Candidates())
        {
            var psi = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            psi.ArgumentList.Add(service);
            psi.ArgumentList.Add(operation);
            psi.ArgumentList.Add("help");
            psi.Environment["AWS_PAGER"] = "";
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (p.WaitForExit(60_000) && p.ExitCode == 0)
            {
                return new AwsCli(endpoint, candidate);
            }
        }

        Assert.Skip($"no AWS CLI on the PATH knows '{service} {operation}': install a newer CLI (pip install awscli) or set SLUICE_AWS_CLI");
        return null!;
    }

    private static bool IsVersion2(string path)
    {
        var psi = new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit(30_000);
        return text.StartsWith("aws-cli/2", StringComparison.Ordinal);
    }

    /// <summary>Runs one command; returns the exit code and both streams.</summary>
    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(path ?? s_path.Value!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--endpoint-url");
        psi.ArgumentList.Add(endpoint);
        psi.ArgumentList.Add("--output");
        psi.ArgumentList.Add("json");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["AWS_ACCESS_KEY_ID"] = "test";
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        psi.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        psi.Environment["AWS_REGION"] = "us-east-1";
        psi.Environment["AWS_PAGER"] = "";
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        // Operations with an endpoint host prefix (Step Functions' TestState: "sync-") would send to
        // sync-127.0.0.1, which does not resolve; a user pointing the CLI at a local endpoint sets this too.
        psi.Environment["AWS_DISABLE_HOST_PREFIX_INJECTION"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command that must succeed and returns its JSON output (an empty object if none).</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"aws {string.Join(' ', args)} failed ({exit}): {error}");
        return string.IsNullOrWhiteSpace(output) ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Runs a command that must succeed and prints text, not JSON (the high-level <c>s3</c> commands); returns its output.</summary>
    public async Task<string> TextAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"aws {string.Join(' ', args)} failed ({exit}): {error}");
        return output;
    }

    /// <summary>Runs a command that must fail; returns its error text.</summary>
    public async Task<string> FailAsync(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.True(exit != 0, $"aws {string.Join(' ', args)} should have failed");
        return error;
    }
}
