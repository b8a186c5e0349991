using Npgsql;
using OrleansCsms.Grains;
using OrleansCsms.Storage.Accounts;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Operator accounts in the operator_accounts table.</summary>
internal sealed class PostgresOperatorAccounts(PostgresDatabase database) : IOperatorAccountStore
{
    private const string Columns = "name, password_hash, role, disabled, created_at, updated_at";

    // Locking every enabled admin row serialises the changes that could remove the last one: a second front-end
    // demoting another admin at the same moment waits here, then sees the first one's change.
    private const string LockEnabledAdminsSql = "SELECT name FROM operator_accounts WHERE role = 'admin' AND NOT disabled FOR UPDATE";

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM operator_accounts)", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM operator_accounts ORDER BY name", connection);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OperatorAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM operator_accounts WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<OperatorAccountOutcome> CreateAsync(OperatorAccount account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (account.Role != OperatorRole.Admin && (await EnabledAdminsAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return OperatorAccountOutcome.NoAdminLeft;
        }

        await using var insert = new NpgsqlCommand(
            $"INSERT INTO operator_accounts ({Columns}) VALUES (@name, @hash, @role, @disabled, @created, @updated) ON CONFLICT (name) DO NOTHING",
            connection,
            transaction);
        Bind(insert, account);
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NameTaken;
    }

    public async Task<bool> CreateFirstAsync(OperatorAccount account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Two front-ends starting together with the same initial admin: the table lock makes the second see the first's row.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE operator_accounts IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = new NpgsqlCommand(
            $"INSERT INTO operator_accounts ({Columns}) SELECT @name, @hash, @role, @disabled, @created, @updated WHERE NOT EXISTS (SELECT 1 FROM operator_accounts)",
            connection,
            transaction);
        Bind(insert, account);
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task<OperatorAccountOutcome> UpdateAsync(string name, OperatorAccountChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var admins = await EnabledAdminsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var losesAdmin = (change.Role is { } role && role != OperatorRole.Admin) || change.Disabled == true;
        if (losesAdmin && admins.Count == 1 && admins[0] == name)
        {
            return OperatorAccountOutcome.NoAdminLeft;
        }

        await using var update = new NpgsqlCommand(
            """
            UPDATE operator_accounts SET
                role = coalesce(@role, role),
                password_hash = coalesce(@hash, password_hash),
                disabled = coalesce(@disabled, disabled),
                updated_at = @updated
            WHERE name = @name
            """,
            connection,
            transaction);
        update.Parameters.AddWithValue("name", name);
        update.Parameters.Add(new NpgsqlParameter<string?>("role", change.Role is { } r ? OperatorRoleNames.ToColumn(r) : null));
        update.Parameters.Add(new NpgsqlParameter<string?>("hash", change.PasswordHash));
        update.Parameters.Add(new NpgsqlParameter<bool?>("disabled", change.Disabled));
        update.Parameters.AddWithValue("updated", now);
        var updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NotFound;
    }

    public async Task<OperatorAccountOutcome> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var admins = await EnabledAdminsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (admins.Count == 1 && admins[0] == name)
        {
            return OperatorAccountOutcome.NoAdminLeft;
        }

        await using var delete = new NpgsqlCommand("DELETE FROM operator_accounts WHERE name = @name", connection, transaction);
        delete.Parameters.AddWithValue("name", name);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NotFound;
    }

    private static async Task<List<string>> EnabledAdminsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockEnabledAdminsSql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void Bind(NpgsqlCommand command, OperatorAccount account)
    {
        command.Parameters.AddWithValue("name", account.Name);
        command.Parameters.AddWithValue("hash", account.PasswordHash);
        command.Parameters.AddWithValue("role", OperatorRoleNames.ToColumn(account.Role));
        command.Parameters.AddWithValue("disabled", account.Disabled);
        command.Parameters.AddWithValue("created", account.CreatedAt);
        command.Parameters.AddWithValue("updated", account.UpdatedAt);
    }

    private static async Task<IReadOnlyList<OperatorAccount>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<OperatorAccount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new OperatorAccount(
                reader.GetString(0),
                reader.GetString(1),
                OperatorRoleNames.FromColumn(reader.GetString(2)),
                reader.GetBoolean(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return accounts;
    }
}
