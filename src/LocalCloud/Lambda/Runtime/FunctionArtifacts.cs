using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// Publishes a function project as its native AOT <c>bootstrap</c> on first use and caches it under
/// <c>&lt;cache&gt;/&lt;project&gt;-&lt;hash&gt;/</c>, the hash covering the project's sources, src/Shared's and
/// the build settings: an unchanged function is never published twice, across runs and processes.
/// </summary>
internal sealed class FunctionArtifacts(LambdaOptions options)
{
    // One lock across processes (parallel test projects, a CLI beside them): every publish writes src/Shared's Release output.
    private static readonly string s_lockPath = Path.Combine(Path.GetTempPath(), "sluice-aot-publish.lock");
    private static readonly string[] s_sourceExtensions = [".cs", ".csproj", ".props", ".targets", ".json"];
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _published = new(StringComparer.Ordinal);

    /// <summary>The path of the project's published bootstrap, publishing it first if needed.</summary>
    public Task<string> BootstrapAsync(string projectDirectory) =>
        _published.GetOrAdd(Path.GetFullPath(projectDirectory, options.RepositoryRoot),
            dir => new Lazy<Task<string>>(() => Task.Run(() => Publish(dir)))).Value;

    private string Publish(string projectDirectory)
    {
        // A build's artifact folder (sam build, sluice build, a package's zip unpacked) runs as it is.
        if (File.Exists(Path.Combine(projectDirectory, "bootstrap")))
        {
            return Path.Combine(projectDirectory, "bootstrap");
        }
        if (!Directory.Exists(projectDirectory) || Directory.GetFiles(projectDirectory, "*.csproj").Length != 1)
        {
            throw new InvalidOperationException($"The function code {projectDirectory} is not a folder with one .csproj");
        }
        var hash = SourceHash(projectDirectory);
        var output = Path.Combine(options.CacheRoot, $"{Path.GetFileName(projectDirectory)}-{hash}");
        var bootstrap = Path.Combine(output, "bootstrap");
        if (File.Exists(bootstrap))
        {
            return bootstrap;
        }
        using var fileLock = AcquireLock(TimeSpan.FromMinutes(15));
        if (File.Exists(bootstrap))
        {
            return bootstrap;
        }
        var staging = output + ".tmp-" + Environment.ProcessId;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.RepositoryRoot,
        };
        foreach (var arg in new[] { "publish", projectDirectory, "-c", "Release", "-r", RuntimeIdentifier, "-o", staging, "--nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish of {projectDirectory} took more than 15 minutes");
        }
        var log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(staging, "bootstrap")))
        {
            throw new InvalidOperationException($"dotnet publish of {projectDirectory} failed ({process.ExitCode}):\n{log}");
        }
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        Directory.Move(staging, output);
        return bootstrap;
    }

    /// <summary>The host's architecture: a template's arm64 function still runs here as the host's build.</summary>
    private static string RuntimeIdentifier =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    private string SourceHash(string projectDirectory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var root = options.RepositoryRoot;
        var files = SourceFiles(projectDirectory)
            .Concat(SourceFiles(Path.Combine(root, "src", "Shared")))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "src/Directory.Build.props", "src/Function.props" }
                .Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Concat(AncestorProps(projectDirectory))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        sha.AppendData(Encoding.UTF8.GetBytes(RuntimeIdentifier));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => s_sourceExtensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            : [];

    private IEnumerable<string> AncestorProps(string projectDirectory)
    {
        for (var dir = Directory.GetParent(projectDirectory); dir is not null && dir.FullName.Length >= options.RepositoryRoot.Length; dir = dir.Parent)
        {
            var props = Path.Combine(dir.FullName, "Directory.Build.props");
            if (File.Exists(props))
            {
                yield return props;
            }
        }
    }

    private static FileStream AcquireLock(TimeSpan timeout)
    {
        // Another process holds the lock: wait in real time, whatever clock the emulator runs on.
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                return new FileStream(s_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
