using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>Grain state in grain_state; every write and clear is conditional on the version the writer read.</summary>
internal sealed class SqliteGrainStateStore(SqliteDatabase database) : IGrainStateStore
{
    private const string ReadSql =
        "SELECT version, state FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state IS NOT NULL";

    // Inserting also revives a tombstone, and only a tombstone: a live row means someone else wrote first.
    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, state, updated_at) VALUES ($type, $key, 1, $state, $now)
        ON CONFLICT (grain_type, grain_key) DO UPDATE
            SET version = grain_state.version + 1, state = excluded.state, updated_at = excluded.updated_at
            WHERE grain_state.state IS NULL
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET version = version + 1, state = $state, updated_at = $now
        WHERE grain_type = $type AND grain_key = $key AND version = $version AND state IS NOT NULL
        """;

    private const string ClearSql = """
        UPDATE grain_state SET version = version + 1, state = NULL, updated_at = $now
        WHERE grain_type = $type AND grain_key = $key AND version = $version AND state IS NOT NULL
        """;

    private const string VersionSql = "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key";

    public Task<StoredGrainState?> ReadAsync(GrainStateKey grain, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, transaction) => Read(connection, transaction, grain), cancellationToken);

    public Task<string> WriteAsync(GrainStateKey grain, string json, string? expectedEtag, IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(events);
        var expected = GrainEtag.Parse(grain, expectedEtag);
        return database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, expected is null ? InsertSql : UpdateSql, grain);
                command.Parameters.AddWithValue("$state", json);
                command.Parameters.AddWithValue("$now", SqliteDatabase.Now());
                if (expected is { } version)
                {
                    command.Parameters.AddWithValue("$version", version);
                }

                if (command.ExecuteNonQuery() == 0)
                {
                    throw GrainEtag.Conflict(grain, expectedEtag);
                }

                // In the same transaction: the events are stored if and only if the state is.
                SqliteEventOutbox.Insert(connection, transaction, events);

                // Writes are serialised, so the version read back in the same transaction is the one just written.
                using var written = Command(connection, transaction, VersionSql, grain);
                return GrainEtag.Format((long)written.ExecuteScalar()!);
            },
            cancellationToken);
    }

    public Task ClearAsync(GrainStateKey grain, string? expectedEtag, CancellationToken cancellationToken)
    {
        var expected = GrainEtag.Parse(grain, expectedEtag);
        return database.WriteAsync(
            (connection, transaction) =>
            {
                if (expected is not { } version)
                {
                    // Clearing what the caller believes was never stored is a no-op, unless someone has stored it since.
                    return Read(connection, transaction, grain) is null ? true : throw GrainEtag.Conflict(grain, expectedEtag);
                }

                using var command = Command(connection, transaction, ClearSql, grain);
                command.Parameters.AddWithValue("$version", version);
                command.Parameters.AddWithValue("$now", SqliteDatabase.Now());
                return command.ExecuteNonQuery() == 1 ? true : throw GrainEtag.Conflict(grain, expectedEtag);
            },
            cancellationToken);
    }

    private static StoredGrainState? Read(SqliteConnection connection, SqliteTransaction transaction, GrainStateKey grain)
    {
        using var command = Command(connection, transaction, ReadSql, grain);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredGrainState(reader.GetString(1), GrainEtag.Format(reader.GetInt64(0))) : null;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, GrainStateKey grain)
    {
        var command = SqliteDatabase.Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$type", grain.Type);
        command.Parameters.AddWithValue("$key", grain.Key);
        return command;
    }
}
