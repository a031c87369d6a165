using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>The background lifecycle pass on a data directory: a store that refuses its write fails that pass, not the loop.</summary>
public sealed class S3LifecyclePassTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task StoreRefusesThePassWrite_ObjectKeptAndFailureLogged_NextPassAfterTheStoreRecoversExpiresIt()
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        var logger = new FailureLog();
        using var store = DurableStore.Open(_data);
        using var s3 = new S3Service(new S3ServiceOptions { Clock = clock, BlobDirectory = Path.Combine(_data, "s3") }, store);
        s3.CreateBucket("archive", null, null);
        s3.UpdateSettings("archive", s => s with
        {
            LifecycleXml = $"<LifecycleConfiguration xmlns=\"{S3Xml.Namespace}\"><Rule><ID>expire</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
        });
        await s3.PutObjectAsync("archive", "old", Encoding.UTF8.GetBytes("body"), "text/plain");
        // The store refuses to remove any version, as a full disk would.
        store.Write((connection, transaction) => DurableStore.Execute(connection,
            "CREATE TEMP TRIGGER refuse BEFORE DELETE ON main.s3_version BEGIN SELECT RAISE(ABORT, 'disk full'); END", transaction));
        clock.Advance(TimeSpan.FromDays(3));

        s3.StartLifecycle(TimeSpan.FromMilliseconds(10), logger);
        await Poll.UntilAsync(() => logger.Failures >= 3, () => $"{logger.Failures} failed passes logged");
        var keptWhileRefused = s3.ListObjects("archive", null, null, null, 1000).Entries.Count;
        store.Write((connection, transaction) => DurableStore.Execute(connection, "DROP TRIGGER temp.refuse", transaction));
        await Poll.UntilAsync(() => s3.ListObjects("archive", null, null, null, 1000).Entries.Count == 0, () => $"{logger.Failures} failed passes logged, object still listed");

        Assert.Equal(1, keptWhileRefused);
        Assert.Contains("disk full", logger.LastMessage, StringComparison.Ordinal);
        Assert.Equal(0, store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM s3_version";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }));
    }

    /// <summary>Counts the errors logged, with the last one's exception message.</summary>
    private sealed class FailureLog : ILogger
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public string LastMessage { get; private set; } = "";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
            {
                LastMessage = formatter(state, exception) + ": " + exception?.Message;
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
