using System.Diagnostics;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>
/// The standalone local cloud (<c>dotnet Sluice.LocalCloud.dll</c>) as a real child process, so a
/// test can SIGKILL it the way a crash or an OOM killer would and start it again on the same data.
/// </summary>
internal sealed class LocalCloudProcess : IDisposable
{
    private readonly Process _process;

    private LocalCloudProcess(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>Starts the host on a free port with <paramref name="args"/> and waits for its banner.</summary>
    public static async Task<LocalCloudProcess> StartAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.LocalCloud.dll"));
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add("0");
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        var banner = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Split(' ').FirstOrDefault(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) is { } endpoint)
            {
                banner.TrySetResult(endpoint);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => banner.TrySetException(new InvalidOperationException($"the local cloud exited ({process.ExitCode}) before it listened: {errors}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new LocalCloudProcess(process, await banner.Task.WaitAsync(TimeSpan.FromSeconds(90)));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(30_000);
        }
        _process.Dispose();
    }
}
