using System.Diagnostics;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>The standalone host's --data-dir as a user starts it.</summary>
public sealed class DataDirectoryProgramTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    [Fact]
    public async Task Main_DataDirectoryHeldByRunningHost_SecondHostExitsWithTheReason()
    {
        using var first = await LocalCloudProcess.StartAsync("--data-dir", _data);

        var (exit, error) = await RunAsync("--port", "0", "--data-dir", _data);

        Assert.Equal(1, exit);
        Assert.Contains("is in use by another local cloud", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_DataDirectoryWithTemplate_RefusedBecauseStacksAreNotKept()
    {
        var (exit, error) = await RunAsync("--port", "0", "--data-dir", _data, "--template", "template.yaml");

        Assert.Equal(2, exit);
        Assert.Contains("not CloudFormation stacks", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.LocalCloud.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await output;
        return (process.ExitCode, error);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
