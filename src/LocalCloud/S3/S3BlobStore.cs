namespace Sluice.LocalCloud.S3;

/// <summary>
/// The files that hold object and part bodies: one immutable file per blob id under <c>blobs/</c>,
/// written first under <c>tmp/</c> and moved into place only once complete, so a failed or aborted
/// upload leaves nothing behind. Without a directory it works in a temporary one, deleted on dispose.
/// A durable store (beside the data directory's database) syncs each file's bytes, and then the
/// <c>blobs/</c> directory's entry for it, to disk before the blob id is handed out: the row that
/// names it commits only afterwards, so no crash or power loss leaves a row without its body.
/// </summary>
internal sealed partial class S3BlobStore : IDisposable
{
    private const int BufferSize = 128 * 1024;
    private readonly bool _temporary;
    private readonly bool _durable;
    private readonly string _blobs;
    private readonly string _tmp;

    public S3BlobStore(string? directory, bool durable = false)
    {
        _temporary = directory is null;
        _durable = durable;
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "sluice-s3-" + Guid.NewGuid().ToString("N"));
        _blobs = Path.Combine(Directory, "blobs");
        _tmp = Path.Combine(Directory, "tmp");
        System.IO.Directory.CreateDirectory(_blobs);
        // Anything under tmp/ is an upload that never completed (a crash mid-write): not an object.
        if (System.IO.Directory.Exists(_tmp))
        {
            System.IO.Directory.Delete(_tmp, recursive: true);
        }
        System.IO.Directory.CreateDirectory(_tmp);
    }

    public string Directory { get; }

    /// <summary>A new file under tmp/ for an upload in progress.</summary>
    public PendingBlob Create()
    {
        var path = Path.Combine(_tmp, Guid.NewGuid().ToString("N"));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new PendingBlob(this, path, stream);
    }

    /// <summary>Opens a blob for reading; it stays readable even if the object is deleted meanwhile.</summary>
    public FileStream Open(string blobId) =>
        new(Path.Combine(_blobs, blobId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Delete(string? blobId)
    {
        if (blobId is not null)
        {
            File.Delete(Path.Combine(_blobs, blobId));
        }
    }

    public bool Exists(string blobId) => File.Exists(Path.Combine(_blobs, blobId));

    private string Commit(string tempPath)
    {
        var id = Guid.NewGuid().ToString("N");
        File.Move(tempPath, Path.Combine(_blobs, id));
        if (_durable)
        {
            SyncDirectory(_blobs);
        }
        return id;
    }

    /// <summary>Deletes every blob not in <paramref name="referenced"/> (bodies whose row never committed or was deleted); returns how many.</summary>
    public int RemoveUnreferenced(IReadOnlySet<string> referenced)
    {
        var removed = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(_blobs))
        {
            if (!referenced.Contains(Path.GetFileName(path)))
            {
                File.Delete(path);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>fsync(2) of a directory, so a rename into it survives a power loss (.NET opens no directory handles).</summary>
    private static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to sync it (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot sync {path} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public void Dispose()
    {
        if (_temporary && System.IO.Directory.Exists(Directory))
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A reader still holds a file open on a platform that forbids deleting it; the OS temp cleaner takes it.
            }
        }
    }

    /// <summary>A body being written; <see cref="Commit"/> makes it a blob, disposing it uncommitted deletes it.</summary>
    internal sealed class PendingBlob(S3BlobStore store, string path, FileStream stream) : IAsyncDisposable
    {
        private bool _committed;

        public FileStream Stream { get; } = stream;

        public async ValueTask<string> CommitAsync()
        {
            await Stream.FlushAsync().ConfigureAwait(false);
            if (store._durable)
            {
                Stream.Flush(flushToDisk: true);
            }
            await Stream.DisposeAsync().ConfigureAwait(false);
            _committed = true;
            return store.Commit(path);
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                File.Delete(path);
            }
        }
    }
}
