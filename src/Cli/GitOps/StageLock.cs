namespace Sluice.Cli.GitOps;

/// <summary>
/// An exclusive lock file, held while open: one watcher per stage, and one change at a time per
/// stage between a watcher and <c>approve</c>/<c>reconcile</c>. The operating system releases it
/// when the process ends, however it ends.
/// </summary>
internal sealed class StageLock : IDisposable
{
    private readonly FileStream _file;

    private StageLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static StageLock? TryTake(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            var pid = System.Text.Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            file.Write(pid);
            file.Flush();
            return new StageLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits for the lock (another command is changing the stage) up to <paramref name="timeout"/>.</summary>
    public static async Task<StageLock> TakeAsync(string path, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryTake(path) is { } taken)
            {
                return taken;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new CliException($"{what}: another sluice gitops command is changing it (lock {path}); try again when it is done");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _file.Dispose();
}
