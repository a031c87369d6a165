using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Tests.Persistence;

public sealed class DurableStoreTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-store-").FullName;

    [Fact]
    public void Open_DirectoryHeldByAnotherHost_RefusedWithTheReason()
    {
        using var first = DurableStore.Open(_data);

        var refused = Assert.Throws<DataDirectoryInUseException>(() => DurableStore.Open(_data));

        Assert.Contains("in use by another local cloud", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AfterTheHolderClosed_Opens()
    {
        DurableStore.Open(_data).Dispose();

        using var second = DurableStore.Open(_data);

        Assert.True(File.Exists(Path.Combine(_data, DurableStore.FileName)));
    }

    [Fact]
    public void Open_NewStore_UsesWriteAheadLog()
    {
        using var store = DurableStore.Open(_data, DurableSync.Full);

        var mode = store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            return (string)command.ExecuteScalar()!;
        });

        Assert.Equal("wal", mode);
    }

    [Theory]
    [InlineData("--data-dir")]
    [InlineData("--data-sync", "sometimes")]
    public void TryParse_BadDataOptions_Refused(params string[] args)
    {
        Assert.False(LocalCloudOptions.TryParse(args, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_DataDir_IsMadeAbsolute()
    {
        Assert.True(LocalCloudOptions.TryParse(["--data-dir", "rel/data", "--data-sync", "full"], out var options, out _));

        Assert.Equal(Path.GetFullPath("rel/data"), options.DataDirectory);
        Assert.Equal(DurableSync.Full, options.DataSync);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
