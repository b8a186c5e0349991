using Npgsql;

namespace OrleansCsms.Storage.Tests;

/// <summary>
/// Databases on the local PostgreSQL (CSMS_TEST_POSTGRES, default csms/csms on 127.0.0.1:5432), each created
/// under a random name and dropped afterwards, so no run depends on another's data.
/// </summary>
public sealed class PostgresFixture : StorageFixture
{
    public static readonly string AdminConnectionString =
        Environment.GetEnvironmentVariable("CSMS_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_test";

    public override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = $"csms_test_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new PostgresDatabase(name);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class PostgresDatabase(string name) : TestDatabase
    {
        public override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            // Test classes run side by side on a server other test runs share; a small pool keeps them all under max_connections.
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 10 }.ConnectionString,
        };

        public override async ValueTask DisposeAsync() => await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
