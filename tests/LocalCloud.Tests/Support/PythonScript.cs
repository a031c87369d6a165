using System.Diagnostics;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>
/// Runs a python3 script from TestData with arguments; skips the test loudly when python3 or a
/// module it imports (boto3, botocore) is missing. Returns the exit code and what it printed.
/// </summary>
internal static class PythonScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> arguments, string why, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TestData", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip($"python3 not installed: {why}");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var text = await output + await errors;
            if (text.Contains("No module named 'boto", StringComparison.Ordinal))
            {
                Assert.Skip($"boto3/botocore is not installed for python3: {why}");
            }
            return (process.ExitCode, text);
        }
    }
}
