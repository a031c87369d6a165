namespace Sluice.LocalCloud.S3;

/// <summary>An object version opened for reading: its metadata and its whole body (the caller disposes it).</summary>
internal sealed record S3ObjectRead(S3ObjectVersion Version, Stream Body) : IAsyncDisposable, IDisposable
{
    public ValueTask DisposeAsync() => Body.DisposeAsync();

    public void Dispose() => Body.Dispose();
}
