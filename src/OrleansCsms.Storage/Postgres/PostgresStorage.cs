using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>The PostgreSQL engine: every store of the cluster in one database.</summary>
internal sealed class PostgresStorage : IStorageEngine, IStorageHealth
{
    private readonly PostgresStateUpdateBatcher _stateUpdates;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresMigrator _migrator;
    private readonly SchemaGate _schema;
    private readonly GroupCommitMeterValueStore _meterValues;
    private readonly BatchedOcppMessageLog _messageLog;
    private readonly PostgresEventOutbox _events;

    // The container disposes this once as the engine and again as IStorageHealth, which it also is.
    private int _disposed;

    public PostgresStorage(string connectionString, StorageOptions options, MessageLogOptions messageLog, ILoggerFactory loggerFactory)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        Description = new StorageDescription(
            nameof(StorageProvider.Postgres),
            $"PostgreSQL at {settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}",
            SurvivesRestart: true);

        var pooled = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Maximum Pool Size", "MaxPoolSize"))
        {
            pooled.MaxPoolSize = options.PostgresMaxPoolSize;
        }

        // The same few statements run thousands of times a second: prepared once per connection, PostgreSQL skips
        // parsing and planning them. Nothing here leaves session state behind (no SET, temporary tables or
        // advisory locks held past a command), so a pooled connection needs no DISCARD ALL when it is returned.
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            pooled.MaxAutoPrepare = 64;
        }

        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            pooled.NoResetOnClose = true;
        }

        _dataSource = new NpgsqlDataSourceBuilder(pooled.ConnectionString).UseLoggerFactory(loggerFactory).Build();
        _migrator = new PostgresMigrator(_dataSource, loggerFactory.CreateLogger<PostgresMigrator>());
        _schema = new SchemaGate(_migrator.MigrateAsync);
        var database = new PostgresDatabase(_dataSource, _schema);
        _stateUpdates = new PostgresStateUpdateBatcher(database);
        GrainStates = new PostgresGrainStateStore(database, _stateUpdates);
        TransactionIds = new PostgresTransactionIdSequence(database);
        _meterValues = new GroupCommitMeterValueStore(new PostgresMeterValueTable(database), options.MeterValueBatchSize);
        _messageLog = new BatchedOcppMessageLog(
            new PostgresOcppMessageLogTable(database),
            MessageLogPolicy.From(messageLog),
            options.MessageLogBatchSize,
            options.MessageLogQueueCapacity,
            loggerFactory.CreateLogger<BatchedOcppMessageLog>());
        Queries = new PostgresCsmsQueries(database);
        Accounts = new PostgresOperatorAccounts(database);
        SharedSecrets = new PostgresSharedSecrets(database);
        _events = new PostgresEventOutbox(database);
    }

    public StorageDescription Description { get; }

    public IGrainStateStore GrainStates { get; }

    public ITransactionIdSequence TransactionIds { get; }

    public IMeterValueStore MeterValues => _meterValues;

    public BatchedOcppMessageLog MessageLog => _messageLog;

    public ICsmsQueries Queries { get; }

    public IOperatorAccountStore Accounts { get; }

    public ISharedSecretStore SharedSecrets { get; }
    public IEventOutbox Events => _events;

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
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
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
        await _stateUpdates.DisposeAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        _schema.Dispose();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _messageLog.Abort();
        _meterValues.Abort();
        _schema.Dispose();
        _dataSource.Dispose();
    }

    private static bool Mentions(string connectionString, string keyword, string alias) =>
        connectionString.Contains(keyword, StringComparison.OrdinalIgnoreCase) || connectionString.Contains(alias, StringComparison.OrdinalIgnoreCase);
}
