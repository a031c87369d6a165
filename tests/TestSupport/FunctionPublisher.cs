using System.Diagnostics;

namespace Sluice.TestSupport;

/// <summary>
/// Publishes a function as its native AOT <c>bootstrap</c>, exactly as CI and <c>sam build</c> do
/// (<c>dotnet publish -c Release -r linux-x64</c>), once per test run. Publishes from parallel test
/// processes are serialised with a lock file, because they share src/Shared's Release output.
/// </summary>
public static class FunctionPublisher
{
    private static readonly Dictionary<string, Task<string>> Published = [];

    public static string RepositoryRoot { get; } = FindRoot();

    public static Task<string> PublishAsync(string function)
    {
        lock (Published)
        {
            if (!Published.TryGetValue(function, out var task))
            {
                task = Task.Run(() => Publish(function));
                Published[function] = task;
            }

            return task;
        }
    }

    private static string Publish(string function)
    {
        var output = Path.Combine(RepositoryRoot, "artifacts", "aot", function);
        var lockPath = Path.Combine(Path.GetTempPath(), "sluice-aot-publish.lock");
        using var fileLock = AcquireLock(lockPath, TimeSpan.FromMinutes(10));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", function), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish of {function} took more than 10 minutes");
        }

        var log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {function} failed ({process.ExitCode}):\n{log}");
        }

        if (log.Contains("warning", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"dotnet publish of {function} printed warnings:\n{log}");
        }

        var bootstrap = Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap) ? bootstrap : throw new FileNotFoundException($"publish of {function} produced no bootstrap", bootstrap);
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
