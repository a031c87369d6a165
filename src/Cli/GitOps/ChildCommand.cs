using System.Diagnostics;

namespace Sluice.Cli.GitOps;

/// <summary>What a child process printed and how it ended.</summary>
internal sealed record ChildResult(int ExitCode, IReadOnlyList<string> Lines)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line, the one that usually says why a step failed.</summary>
    public string LastLine => Lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {ExitCode}";
}

/// <summary>
/// Runs the tools a pipeline step needs (git, the repository's stage commands): standard output and
/// error interleaved into the step's log file as they come, the lines kept for the record.
/// </summary>
internal static class ChildCommand
{
    public static async Task<ChildResult> RunAsync(
        string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment,
        string? logPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var lines = new List<string>();
        StreamWriter? log = null;
        if (logPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            log = new StreamWriter(logPath, append: true);
        }
        try
        {
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new CliException($"{file} could not be started");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new CliException($"{file} could not be started: {e.Message}");
            }
            using (process)
            {
                void Add(string? line)
                {
                    if (line is null)
                    {
                        return;
                    }
                    lock (lines)
                    {
                        lines.Add(line);
                        log?.WriteLine(line);
                    }
                }
                process.OutputDataReceived += (_, e) => Add(e.Data);
                process.ErrorDataReceived += (_, e) => Add(e.Data);
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
                process.WaitForExit();
                return new ChildResult(process.ExitCode, lines);
            }
        }
        finally
        {
            if (log is not null)
            {
                await log.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
