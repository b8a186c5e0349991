using Npgsql;
using NpgsqlTypes;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Grain state in grain_state; every write and clear is conditional on the version the writer read.</summary>
internal sealed class PostgresGrainStateStore(PostgresDatabase database, PostgresStateUpdateBatcher updates) : IGrainStateStore
{
    private const string ReadSql =
        "SELECT version, state::text FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state IS NOT NULL";

    // Inserting also revives a tombstone, and only a tombstone: a live row means someone else wrote first.
    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, state) VALUES (@type, @key, 1, @state)
        ON CONFLICT (grain_type, grain_key) DO UPDATE
            SET version = grain_state.version + 1, state = excluded.state, updated_at = now()
            WHERE grain_state.state IS NULL
        RETURNING version
        """;

    private const string ClearSql = """
        UPDATE grain_state SET version = version + 1, state = NULL, updated_at = now()
        WHERE grain_type = @type AND grain_key = @key AND version = @version AND state IS NOT NULL
        """;

    public async Task<StoredGrainState?> ReadAsync(GrainStateKey grain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(ReadSql, connection, grain);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredGrainState(reader.GetString(1), GrainEtag.Format(reader.GetInt64(0)))
            : null;
    }

    public async Task<string> WriteAsync(GrainStateKey grain, string json, string? expectedEtag, IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(events);
        var expected = GrainEtag.Parse(grain, expectedEtag);
        if (expected is { } current)
        {
            return await updates.UpdateAsync(grain, json, current, events, cancellationToken).ConfigureAwait(false) is { } updated
                ? GrainEtag.Format(updated)
                : throw GrainEtag.Conflict(grain, expectedEtag);
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = events.Count > 0 ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        await using var command = Command(InsertSql, connection, grain);
        command.Transaction = transaction;
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Jsonb) { Value = json });
        var written = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (written is not long newVersion)
        {
            throw GrainEtag.Conflict(grain, expectedEtag);
        }

        if (transaction is not null)
        {
            await PostgresEventOutbox.InsertAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return GrainEtag.Format(newVersion);
    }

    public async Task ClearAsync(GrainStateKey grain, string? expectedEtag, CancellationToken cancellationToken)
    {
        var expected = GrainEtag.Parse(grain, expectedEtag);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (expected is not { } version)
        {
            // Clearing what the caller believes was never stored is a no-op, unless someone has stored it since.
            await using var exists = Command(ReadSql, connection, grain);
            await using var reader = await exists.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw GrainEtag.Conflict(grain, expectedEtag);
            }

            return;
        }

        await using var command = Command(ClearSql, connection, grain);
        command.Parameters.AddWithValue("version", version);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw GrainEtag.Conflict(grain, expectedEtag);
        }
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, GrainStateKey grain)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("type", grain.Type);
        command.Parameters.AddWithValue("key", grain.Key);
        return command;
    }
}
