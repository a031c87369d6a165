using System.Diagnostics;
using Sluice.Shared;

namespace Sluice.Cli.Build;

/// <summary>
/// Runs one function's makefile build as SAM CLI's makefile builder does:
/// <c>make --makefile &lt;Makefile&gt; build-&lt;LogicalId&gt;</c> with <c>ARTIFACTS_DIR</c> in the
/// environment, in the working directory (inside the scratch copy of the source unless building in
/// source). make's output goes to standard error as it runs.
/// </summary>
internal sealed class MakeRunner(string make, IEnvironmentVariables environment, Action<string> output)
{
    /// <summary>make on the environment's PATH, or null.</summary>
    public static string? Find(IEnvironmentVariables environment) =>
        (environment.Get("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "make"))
            .FirstOrDefault(File.Exists);

    /// <summary>Builds <paramref name="function"/> into <paramref name="artifacts"/>; a failure is a <see cref="CliException"/> with make's exit code and last error line.</summary>
    public async Task RunAsync(BuildableFunction function, string artifacts, string workingDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(function.Makefile))
        {
            throw new CliException($"{function.LogicalId}: Makefile not found at {function.Makefile}");
        }
        Directory.CreateDirectory(artifacts);
        var start = new ProcessStartInfo(make)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--makefile");
        start.ArgumentList.Add(function.Makefile);
        start.ArgumentList.Add(function.Target);
        start.Environment["ARTIFACTS_DIR"] = artifacts;
        if (environment.Get("PATH") is { } path)
        {
            start.Environment["PATH"] = path;
        }
        using var process = Process.Start(start) ?? throw new CliException($"{function.LogicalId}: {make} could not be started");
        var lastError = "";
        var lines = new object();
        void Echo(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }
            lock (lines)
            {
                output(line);
                if (error && line.Trim().Length > 0)
                {
                    lastError = line.Trim();
                }
            }
        }
        process.OutputDataReceived += (_, e) => Echo(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => Echo(e.Data, error: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // The parameterless wait drains the redirected streams after the exit.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CliException($"{function.LogicalId}: make {function.Target} failed with exit code {process.ExitCode}"
                + (lastError.Length > 0 ? $": {lastError}" : "") + " (make's output is above)");
        }
    }
}
