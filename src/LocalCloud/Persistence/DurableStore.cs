using Microsoft.Data.Sqlite;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// The data directory's store: one SQLite database in WAL mode that the services write through
/// before they acknowledge a request. A write is one transaction; once it commits, its bytes are in
/// the write-ahead log, so a killed host (SIGKILL) loses nothing it acknowledged. With
/// <c>synchronous=NORMAL</c> (the default) a power loss or kernel crash may roll back the last
/// transactions since the log was last synced; <see cref="DurableSync.Full"/> syncs every commit.
/// One connection, taken under a lock: writes are short and SQLite serialises them anyway.
/// </summary>
internal sealed partial class DurableStore : IDisposable
{
    public const string FileName = "localcloud.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private DurableStore(SqliteConnection connection, string directory)
    {
        _connection = connection;
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>Opens (or creates) the store in <paramref name="directory"/> and takes it for this host alone.</summary>
    public static DurableStore Open(string directory, DurableSync sync = DurableSync.Normal)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 5 }.ToString());
        try
        {
            connection.Open();
            // EXCLUSIVE: the first write below holds the database for this process until it exits (the
            // kernel drops the lock with the process, also on SIGKILL); a second host on the same
            // directory gets SQLITE_BUSY at once instead of two hosts writing one history.
            try
            {
                Execute(connection, "PRAGMA busy_timeout=0; PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL;");
                Execute(connection, sync == DurableSync.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
                Execute(connection, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS store_info(key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT OR IGNORE INTO store_info VALUES('format', '1'); COMMIT;");
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
            {
                throw new DataDirectoryInUseException($"the data directory {directory} is in use by another local cloud (its store {path} is locked)", e);
            }
            Execute(connection, "PRAGMA busy_timeout=5000;");
            var store = new DurableStore(connection, directory);
            store.CreateSchema();
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CreateSchema()
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var statement in Schema)
        {
            Execute(_connection, statement, transaction);
        }
        transaction.Commit();
    }

    /// <summary>Runs <paramref name="write"/> in one transaction under the store's lock; it is durable when this returns.</summary>
    public void Write(Action<SqliteConnection, SqliteTransaction> write)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            write(_connection, transaction);
            transaction.Commit();
        }
    }

    /// <summary>The commands of one batch, each prepared once and bound again for every row it writes.</summary>
    internal sealed class Batch(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public void Run(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                _commands[sql] = command = Command(connection, transaction, sql);
            }

            command.Parameters.Clear();
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> with one <see cref="Batch"/> in one transaction.</summary>
    public void WriteBatch(Action<Batch> write) => Write((connection, transaction) =>
    {
        using var batch = new Batch(connection, transaction);
        write(batch);
    });

    /// <summary>Reads under the store's lock (start-up only; the services keep their state in memory).</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        lock (_gate)
        {
            return read(_connection);
        }
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }
}
