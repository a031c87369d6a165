using System.Diagnostics;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Runs a python3 script with JSON on standard input; skips the test loudly when python3 or a module is missing.</summary>
internal static class Python
{
    public static async Task<string> RunAsync(string script, string input, string why)
    {
        var startInfo = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("python3 did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip($"python3 not installed: needed {why}.");
            throw;
        }

        using (process)
        {
            var ct = TestContext.Current.CancellationToken;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            var stderr = await error;
            if (process.ExitCode != 0 && stderr.Contains("No module named", StringComparison.Ordinal))
            {
                Assert.Skip($"a python module is missing ({stderr.Trim().Split('\n')[^1]}): needed {why} (.ci/run checks for botocore and moto).");
            }

            Assert.True(process.ExitCode == 0, $"python3 failed: {stderr}");
            return (await output).Trim();
        }
    }
}
