using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>Shared secrets in the shared_secrets table.</summary>
internal sealed class SqliteSharedSecrets(SqliteDatabase database) : ISharedSecretStore
{
    public Task<string> GetOrAddAsync(string purpose, string name, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var insert = SqliteDatabase.Command(
                    connection,
                    transaction,
                    "INSERT INTO shared_secrets (purpose, name, value, created_at) VALUES ($purpose, $name, $value, $now) ON CONFLICT (purpose, name) DO NOTHING");
                insert.Parameters.AddWithValue("$purpose", purpose);
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$value", value);
                insert.Parameters.AddWithValue("$now", SqliteDatabase.Now());
                insert.ExecuteNonQuery();

                using var select = SqliteDatabase.Command(connection, transaction, "SELECT value FROM shared_secrets WHERE purpose = $purpose AND name = $name");
                select.Parameters.AddWithValue("$purpose", purpose);
                select.Parameters.AddWithValue("$name", name);
                return (string)select.ExecuteScalar()!;
            },
            cancellationToken);

    public Task PutAsync(string purpose, string name, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(
                    connection,
                    transaction,
                    "INSERT INTO shared_secrets (purpose, name, value, created_at) VALUES ($purpose, $name, $value, $now) ON CONFLICT (purpose, name) DO UPDATE SET value = excluded.value");
                command.Parameters.AddWithValue("$purpose", purpose);
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$value", value);
                command.Parameters.AddWithValue("$now", SqliteDatabase.Now());
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string purpose, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<string>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, "SELECT value FROM shared_secrets WHERE purpose = $purpose ORDER BY created_at, name");
                command.Parameters.AddWithValue("$purpose", purpose);
                using var reader = command.ExecuteReader();
                var values = new List<string>();
                while (reader.Read())
                {
                    values.Add(reader.GetString(0));
                }

                return values;
            },
            cancellationToken);
}
