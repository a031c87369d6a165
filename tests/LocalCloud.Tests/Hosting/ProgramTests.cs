using System.Diagnostics;
using System.Net;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>The real entry point: starts, serves, and stops cleanly on SIGTERM.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_WithPortZero_ServesHealthAndExitsCleanlyOnSigterm()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Skip("SIGTERM is a POSIX signal");
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "Sluice.LocalCloud.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add("0");
        using var process = Process.Start(psi)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var endpoint = banner!.Split(' ').First(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            using var http = new HttpClient();

            var health = await http.GetAsync(endpoint + "/_localcloud/health").WaitAsync(TimeSpan.FromSeconds(30));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, kill.ExitCode);
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Main_BadArguments_ExitsWithUsage()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.LocalCloud.dll"));
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add("nope");
        using var process = Process.Start(psi)!;

        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }
}
