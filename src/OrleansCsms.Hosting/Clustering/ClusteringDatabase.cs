using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>
/// The one connection pool of a process for membership, gateways and reminders, and the start-up wait that
/// lets a silo or client started before its database sit out the gap instead of aborting.
/// </summary>
internal sealed partial class ClusteringDatabase(
    IOptions<PostgresClusteringOptions> options,
    TimeProvider time,
    ILogger<ClusteringDatabase> logger) : IAsyncDisposable
{
    private readonly PostgresClusteringOptions _options = options.Value;
    private readonly NpgsqlDataSource _dataSource = BuildDataSource(options.Value);

    // Written once the schema exists; later callers skip the DDL round trip.
    private volatile bool _schemaReady;

    /// <summary>The server as host:port/database, for messages; never the credentials.</summary>
    public string Endpoint { get; } = DescribeEndpoint(options.Value.ConnectionString);

    /// <summary>Opens a pooled connection.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> once the schema exists, retrying every <see cref="PostgresClusteringOptions.RetryInterval"/>
    /// while PostgreSQL cannot be reached, until it succeeds, the wait limit passes or the caller cancels.
    /// </summary>
    public async Task WhenReachableAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                await work(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
            {
                var waited = time.GetElapsedTime(started);
                if (_options.MaxDatabaseWait is { } limit && waited + _options.RetryInterval > limit)
                {
                    throw new TimeoutException(
                        $"PostgreSQL at {Endpoint} was still not reachable after {waited.TotalSeconds:0.#} s ({Reason(exception)}).",
                        exception);
                }

                LogUnreachable(logger, Endpoint, Reason(exception), _options.RetryInterval.TotalSeconds);
                await Task.Delay(_options.RetryInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Silos starting together would race on CREATE TABLE IF NOT EXISTS (it is not safe concurrently);
        // the transaction-scoped lock queues them and cannot outlive a crashed process.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", ClusteringSchema.AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(ClusteringSchema.CreateTables, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = true;
    }

    /// <summary>Failures that a database still starting, restarting or not yet created would cause; anything else is a real error.</summary>
    internal static bool IsUnreachable(Exception exception) => exception switch
    {
        // 3D000: the server is up but the database has not been created yet (an init script still running).
        PostgresException postgres => postgres.IsTransient || postgres.SqlState == PostgresErrorCodes.InvalidCatalogName,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    private static string Reason(Exception exception) => exception.GetBaseException().Message;

    private static NpgsqlDataSource BuildDataSource(PostgresClusteringOptions options)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = options.MaxPoolSize };
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }

    private static string DescribeEndpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL at {Endpoint} is not reachable ({Reason}); retrying in {RetrySeconds} s")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string reason, double retrySeconds);
}
