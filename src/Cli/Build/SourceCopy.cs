using System.Diagnostics;

namespace Sluice.Cli.Build;

/// <summary>
/// The copy of a function's source folder that <c>sam build</c> builds in (its scratch directory),
/// so a build never writes into the source tree. SAM copies everything but <c>.aws-sam</c> and
/// <c>.git</c>; this copy holds what Git would commit (tracked files and untracked ones that are
/// not ignored) when the folder is in a Git work tree, so build output (<c>bin</c>, <c>obj</c>),
/// <c>node_modules</c> and other ignored files are neither copied nor reused; outside Git it
/// leaves out <c>.aws-sam</c>, <c>.git</c>, <c>bin</c> and <c>obj</c>.
/// </summary>
internal static class SourceCopy
{
    private static readonly HashSet<string> s_excluded = new(StringComparer.Ordinal) { ".aws-sam", ".git", "bin", "obj" };

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>; <paramref name="skip"/> (the build folder) is never copied.</summary>
    public static void Copy(string source, string destination, string skip)
    {
        if (GitFiles(source) is { } files)
        {
            foreach (var relative in files)
            {
                var from = Path.Combine(source, relative);
                if (IsWithin(from, skip) || !File.Exists(from) || new FileInfo(from).LinkTarget is not null)
                {
                    continue;
                }
                var to = Path.Combine(destination, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to);
            }
            return;
        }
        CopyTree(source, destination, skip);
    }

    /// <summary>The files under <paramref name="source"/> Git would commit, relative to it; null when it is not in a Git work tree (or git is missing).</summary>
    private static List<string>? GitFiles(string source)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-C", source, "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            git.WaitForExit();
            return git.ExitCode == 0 ? [.. output.Result.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static void CopyTree(string source, string destination, string skip)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                if (s_excluded.Contains(entry.Name) || string.Equals(directory.FullName, skip, StringComparison.Ordinal) || directory.LinkTarget is not null)
                {
                    continue;
                }
                CopyTree(directory.FullName, target, skip);
            }
            else if (entry is FileInfo file && file.LinkTarget is null)
            {
                file.CopyTo(target);
            }
        }
    }

    private static bool IsWithin(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
