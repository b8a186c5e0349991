using Npgsql;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Grain state in grain_state; every write and clear is conditional on the version the writer read.</summary>
internal sealed class PostgresGrainStateStore(PostgresDatabase database, PostgresStateUpdateBatcher updates) : IGrainStateStore
{
    private const string ReadSql =
        "SELECT version, state::text FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state IS NOT NULL";

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

    public async Task<string> WriteAsync(GrainStateKey grain, string json, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var expected = GrainEtag.Parse(grain, expectedEtag);
        return await updates.UpdateAsync(grain, json, expected, cancellationToken).ConfigureAwait(false) is { } written
            ? GrainEtag.Format(written)
            : throw GrainEtag.Conflict(grain, expectedEtag);
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
