using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Shared secrets in the shared_secrets table.</summary>
internal sealed class PostgresSharedSecrets(PostgresDatabase database) : ISharedSecretStore
{
    public async Task<string> GetOrAddAsync(string purpose, string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // The no-op update makes RETURNING give the stored row whichever front-end inserted it first.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO shared_secrets (purpose, name, value) VALUES (@purpose, @name, @value)
            ON CONFLICT (purpose, name) DO UPDATE SET purpose = excluded.purpose
            RETURNING value
            """,
            connection);
        command.Parameters.AddWithValue("purpose", purpose);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("value", value);
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task PutAsync(string purpose, string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "INSERT INTO shared_secrets (purpose, name, value) VALUES (@purpose, @name, @value) ON CONFLICT (purpose, name) DO UPDATE SET value = excluded.value",
            connection);
        command.Parameters.AddWithValue("purpose", purpose);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string purpose, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT value FROM shared_secrets WHERE purpose = @purpose ORDER BY created_at, name", connection);
        command.Parameters.AddWithValue("purpose", purpose);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
