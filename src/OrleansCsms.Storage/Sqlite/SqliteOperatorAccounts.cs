using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;
using OrleansCsms.Storage.Accounts;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>Operator accounts in the operator_accounts table; SQLite's single writer makes each check-and-change atomic.</summary>
internal sealed class SqliteOperatorAccounts(SqliteDatabase database) : IOperatorAccountStore
{
    private const string Columns = "name, password_hash, role, disabled, created_at, updated_at";

    public Task<bool> AnyAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM operator_accounts)");
                return command.ExecuteScalar() is 1L;
            },
            cancellationToken);

    public Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<OperatorAccount>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, $"SELECT {Columns} FROM operator_accounts ORDER BY name");
                return ReadAll(command);
            },
            cancellationToken);

    public async Task<OperatorAccount?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, $"SELECT {Columns} FROM operator_accounts WHERE name = $name");
                command.Parameters.AddWithValue("$name", name);
                return ReadAll(command);
            },
            cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<OperatorAccountOutcome> CreateAsync(OperatorAccount account, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                if (account.Role != OperatorRole.Admin && EnabledAdmins(connection, transaction).Count == 0)
                {
                    return OperatorAccountOutcome.NoAdminLeft;
                }

                return Insert(connection, transaction, account, "ON CONFLICT (name) DO NOTHING") == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NameTaken;
            },
            cancellationToken);

    public Task<bool> CreateFirstAsync(OperatorAccount account, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var any = SqliteDatabase.Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM operator_accounts)");
                return any.ExecuteScalar() is not 1L && Insert(connection, transaction, account, "") == 1;
            },
            cancellationToken);

    public Task<OperatorAccountOutcome> UpdateAsync(string name, OperatorAccountChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return database.WriteAsync(
            (connection, transaction) =>
            {
                var admins = EnabledAdmins(connection, transaction);
                var losesAdmin = (change.Role is { } role && role != OperatorRole.Admin) || change.Disabled == true;
                if (losesAdmin && admins.Count == 1 && admins[0] == name)
                {
                    return OperatorAccountOutcome.NoAdminLeft;
                }

                using var update = SqliteDatabase.Command(
                    connection,
                    transaction,
                    """
                    UPDATE operator_accounts SET
                        role = coalesce($role, role),
                        password_hash = coalesce($hash, password_hash),
                        disabled = coalesce($disabled, disabled),
                        updated_at = $updated
                    WHERE name = $name
                    """);
                update.Parameters.AddWithValue("$name", name);
                update.Parameters.AddWithValue("$role", change.Role is { } r ? OperatorRoleNames.ToColumn(r) : DBNull.Value);
                update.Parameters.AddWithValue("$hash", (object?)change.PasswordHash ?? DBNull.Value);
                update.Parameters.AddWithValue("$disabled", change.Disabled is { } d ? (d ? 1 : 0) : DBNull.Value);
                update.Parameters.AddWithValue("$updated", SqliteDatabase.FormatTimestamp(now));
                return update.ExecuteNonQuery() == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NotFound;
            },
            cancellationToken);
    }

    public Task<OperatorAccountOutcome> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                var admins = EnabledAdmins(connection, transaction);
                if (admins.Count == 1 && admins[0] == name)
                {
                    return OperatorAccountOutcome.NoAdminLeft;
                }

                using var delete = SqliteDatabase.Command(connection, transaction, "DELETE FROM operator_accounts WHERE name = $name");
                delete.Parameters.AddWithValue("$name", name);
                return delete.ExecuteNonQuery() == 1 ? OperatorAccountOutcome.Done : OperatorAccountOutcome.NotFound;
            },
            cancellationToken);

    private static List<string> EnabledAdmins(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = SqliteDatabase.Command(connection, transaction, "SELECT name FROM operator_accounts WHERE role = 'admin' AND disabled = 0");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static int Insert(SqliteConnection connection, SqliteTransaction transaction, OperatorAccount account, string onConflict)
    {
        using var insert = SqliteDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO operator_accounts ({Columns}) VALUES ($name, $hash, $role, $disabled, $created, $updated) {onConflict}");
        insert.Parameters.AddWithValue("$name", account.Name);
        insert.Parameters.AddWithValue("$hash", account.PasswordHash);
        insert.Parameters.AddWithValue("$role", OperatorRoleNames.ToColumn(account.Role));
        insert.Parameters.AddWithValue("$disabled", account.Disabled ? 1 : 0);
        insert.Parameters.AddWithValue("$created", SqliteDatabase.FormatTimestamp(account.CreatedAt));
        insert.Parameters.AddWithValue("$updated", SqliteDatabase.FormatTimestamp(account.UpdatedAt));
        return insert.ExecuteNonQuery();
    }

    private static List<OperatorAccount> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var accounts = new List<OperatorAccount>();
        while (reader.Read())
        {
            accounts.Add(new OperatorAccount(
                reader.GetString(0),
                reader.GetString(1),
                OperatorRoleNames.FromColumn(reader.GetString(2)),
                reader.GetInt64(3) != 0,
                SqliteDatabase.ParseTimestamp(reader.GetString(4)),
                SqliteDatabase.ParseTimestamp(reader.GetString(5))));
        }

        return accounts;
    }
}
