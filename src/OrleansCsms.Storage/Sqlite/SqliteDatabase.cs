using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>
/// One SQLite file. SQLite takes one writer at a time, so every write goes through a single long-lived
/// connection behind a semaphore (waiting in process is cheaper than SQLITE_BUSY retries); reads use pooled
/// connections of their own and, in WAL mode, never wait for the writer.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;

    static SqliteDatabase() => SQLitePCL.Batteries_V2.Init();

    private readonly SchemaGate _schema;

    public SqliteDatabase(string path, SchemaGate schema)
    {
        _schema = schema;
        FullPath = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
            Pooling = true,
        };
        _readConnectionString = builder.ToString();
        builder.Pooling = false;
        _writeConnectionString = builder.ToString();
    }

    public string FullPath { get; }

    /// <summary>Runs <paramref name="work"/> in one write transaction on the writer connection and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await WaitForSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await WriteBeforeSchemaAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="WriteAsync{T}"/> without waiting for the schema: for the migrations themselves.</summary>
    public async Task<T> WriteBeforeSchemaAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _writer ??= OpenWriter();

            // BEGIN IMMEDIATE takes the file's write lock up front, so a second process waits here instead of
            // failing with a lock upgrade conflict halfway through.
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled read connection inside one read transaction, so multi-statement reads see one snapshot.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await WaitForSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return work(connection, transaction);
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static string FormatTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.ParseExact(value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Now() => FormatTimestamp(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
        _writeGate.Dispose();
    }

    private Task WaitForSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureReadyAsync(cancellationToken);

    private SqliteConnection OpenWriter()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();

        // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every commit, so an
        // acknowledged write survives a power cut, not just a process crash.
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
