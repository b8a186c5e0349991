using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>The embedded SQLite engine: every store in one local file, for a single all-in-one process.</summary>
internal sealed class SqliteStorage : IStorageEngine, IStorageHealth
{
    private readonly SqliteDatabase _database;
    private readonly SqliteMigrator _migrator;
    private readonly SchemaGate _schema;
    private readonly GroupCommitMeterValueStore _meterValues;
    private readonly BatchedOcppMessageLog _messageLog;

    // The container disposes this once as the engine and again as IStorageHealth, which it also is.
    private int _disposed;

    public SqliteStorage(StorageOptions options, MessageLogOptions messageLog, ILoggerFactory loggerFactory)
    {
        // The gate and the database need each other: the gate runs the migrator, which writes through the database.
        SqliteMigrator? migrator = null;
        _schema = new SchemaGate(cancellationToken => migrator!.MigrateAsync(cancellationToken));
        _database = new SqliteDatabase(options.SqlitePath, _schema);
        _migrator = migrator = new SqliteMigrator(_database, loggerFactory.CreateLogger<SqliteMigrator>());

        Description = new StorageDescription(nameof(StorageProvider.Sqlite), $"SQLite file {_database.FullPath}", SurvivesRestart: true);
        GrainStates = new SqliteGrainStateStore(_database);
        TransactionIds = new SqliteTransactionIdSequence(_database);
        _meterValues = new GroupCommitMeterValueStore(new SqliteMeterValueTable(_database), options.MeterValueBatchSize);
        _messageLog = new BatchedOcppMessageLog(
            new SqliteOcppMessageLogTable(_database),
            MessageLogPolicy.From(messageLog),
            options.MessageLogBatchSize,
            options.MessageLogQueueCapacity,
            loggerFactory.CreateLogger<BatchedOcppMessageLog>());
        Queries = new SqliteCsmsQueries(_database);
        Accounts = new SqliteOperatorAccounts(_database);
        SharedSecrets = new SqliteSharedSecrets(_database);
        Events = new SqliteEventOutbox(_database);
    }

    public StorageDescription Description { get; }

    public IGrainStateStore GrainStates { get; }

    public ITransactionIdSequence TransactionIds { get; }

    public IMeterValueStore MeterValues => _meterValues;

    public BatchedOcppMessageLog MessageLog => _messageLog;

    public ICsmsQueries Queries { get; }

    public IOperatorAccountStore Accounts { get; }

    public ISharedSecretStore SharedSecrets { get; }
    public IEventOutbox Events { get; }

    public IStorageHealth Health => this;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureReadyAsync(cancellationToken);

    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) => _migrator.MigrateAsync(cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (!_schema.IsReady)
        {
            return false;
        }

        try
        {
            return await _database.ReadAsync(
                (connection, transaction) =>
                {
                    using var command = SqliteDatabase.Command(connection, transaction, "SELECT 1");
                    return command.ExecuteScalar() is 1L;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _messageLog.DrainAsync(CancellationToken.None).ConfigureAwait(false);
        await _meterValues.CloseAsync().ConfigureAwait(false);
        Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _messageLog.Abort();
        _meterValues.Abort();
        Release();
    }

    private void Release()
    {
        _schema.Dispose();
        _database.Dispose();
    }
}
