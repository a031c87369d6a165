using System.ComponentModel;
using System.Diagnostics;

namespace Sluice.Cli.Tests.LoadTest;

/// <summary>Runs a tool (node, npm, npx) to completion and captures its output; a tool that is not installed reads as null.</summary>
internal static class ChildProcess
{
    internal sealed record Result(int Code, string Output);

    public static async Task<Result?> RunAsync(string file, string[] args, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout, TestContext.Current.CancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}", e);
            }

            return new Result(process.ExitCode, await output + await error);
        }
    }
}
