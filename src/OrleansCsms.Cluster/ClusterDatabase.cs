using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OrleansCsms.Cluster;

/// <summary>The PostgreSQL database that coordinates the cluster: membership, partition leases and change notifications.</summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    /// <summary>The channel on which ownership changes are announced.</summary>
    public const string Channel = "csms_cluster";

    public ClusterDatabase(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("A cluster needs PostgreSQL: set ConnectionStrings:Postgres.");
        ConnectionString = connectionString;

        // Heartbeats, leases and the notification listener need only a few connections; storage has its own pool.
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 8 }.ConnectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    private readonly Lock _schemaGate = new();
    private Task? _schema;

    /// <summary>Creates the cluster tables and the partition rows, once per process, whichever process starts first.</summary>
    public Task EnsureSchemaAsync(int partitions, CancellationToken cancellationToken)
    {
        lock (_schemaGate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync(partitions, cancellationToken);
            }

            return _schema;
        }
    }

    private async Task CreateSchemaAsync(int partitions, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(Schema, connection, transaction))
        {
            command.Parameters.AddWithValue("partitions", partitions);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM cluster_partitions", connection, transaction))
        {
            var existing = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (existing != partitions)
            {
                throw new InvalidOperationException(
                    $"This cluster's database has {existing} partitions but Cluster:Partitions is {partitions}; every process must use the same count.");
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Announces an ownership change so routers refresh at once instead of at their next poll.</summary>
    public async Task NotifyAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"NOTIFY {Channel}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    // Lease expiry is judged by the database clock alone (now()), so process clocks never have to agree.
    private const string Schema = """
        SELECT pg_advisory_xact_lock(7260001);
        CREATE TABLE IF NOT EXISTS cluster_silos (
            silo_id text PRIMARY KEY,
            address text NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            heartbeat_at timestamptz NOT NULL DEFAULT now(),
            status text NOT NULL);
        CREATE TABLE IF NOT EXISTS cluster_front_ends (
            front_end_id text PRIMARY KEY,
            address text NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            heartbeat_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS cluster_partitions (
            partition integer PRIMARY KEY,
            owner text,
            epoch bigint NOT NULL DEFAULT 0,
            lease_until timestamptz NOT NULL DEFAULT '-infinity');
        INSERT INTO cluster_partitions (partition)
            SELECT g FROM generate_series(0, @partitions - 1) AS g
            WHERE NOT EXISTS (SELECT FROM cluster_partitions)
            ON CONFLICT DO NOTHING;
        """;
}
