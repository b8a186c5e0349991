using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>Applies the embedded SQLite migrations that the file has not seen yet.</summary>
internal sealed class SqliteMigrator(SqliteDatabase database, ILogger logger)
{
    /// <summary>Applies pending migrations in one write transaction (which also keeps out other processes) and returns the versions applied.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(MigrationScript.For("Sqlite"), cancellationToken);

    /// <summary>Applies those of <paramref name="scripts"/> not applied yet; an upgrade test stops at an older version with it.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken) =>
        database.WriteBeforeSchemaAsync<IReadOnlyList<int>>((connection, transaction) => Apply(connection, transaction, scripts), cancellationToken);

    private List<int> Apply(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<MigrationScript> scripts)
    {
        using (var create = SqliteDatabase.Command(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"))
        {
            create.ExecuteNonQuery();
        }

        var done = new HashSet<int>();
        using (var select = SqliteDatabase.Command(connection, transaction, "SELECT version FROM schema_migrations"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                done.Add(reader.GetInt32(0));
            }
        }

        var applied = new List<int>();
        foreach (var script in scripts.Where(script => !done.Contains(script.Version)))
        {
            using (var migrate = SqliteDatabase.Command(connection, transaction, script.Sql))
            {
                migrate.ExecuteNonQuery();
            }

            using var record = SqliteDatabase.Command(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $applied_at)");
            record.Parameters.AddWithValue("$version", script.Version);
            record.Parameters.AddWithValue("$name", script.Name);
            record.Parameters.AddWithValue("$applied_at", SqliteDatabase.Now());
            record.ExecuteNonQuery();
            applied.Add(script.Version);
            logger.LogInformation("Applied SQLite migration {Migration}.", script.Name);
        }

        return applied;
    }
}
