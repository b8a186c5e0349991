using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Applies the embedded PostgreSQL migrations that the database has not seen yet.</summary>
internal sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger logger)
{
    // Any fixed number works as long as nothing else in the database takes the same advisory lock.
    private const long MigrationLockKey = 0x4353_4D53_0001;

    /// <summary>Applies pending migrations in one transaction and returns the versions applied.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(MigrationScript.For("Postgres"), cancellationToken);

    /// <summary>Applies those of <paramref name="scripts"/> not applied yet; an upgrade test stops at an older version with it.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Processes starting together queue here; the lock ends with the transaction, so a crash cannot leave it held.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        var done = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                done.Add(reader.GetInt32(0));
            }
        }

        var applied = new List<int>();
        foreach (var script in scripts.Where(script => !done.Contains(script.Version)))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction);
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("name", script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(script.Version);
            logger.LogInformation("Applied PostgreSQL migration {Migration}.", script.Name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
