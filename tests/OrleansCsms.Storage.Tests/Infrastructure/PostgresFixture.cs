using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansCsms.Storage.Postgres;

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
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name}");
        return new PostgresTestDatabase(name);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class PostgresTestDatabase(string name) : TestDatabase
    {
        // Test classes run side by side on a server other test runs share; a small pool keeps them all under max_connections.
        private readonly string _connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 10 }.ConnectionString;

        public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _connectionString,
        };

        public override async Task MigrateToAsync(int version)
        {
            await using var dataSource = NpgsqlDataSource.Create(_connectionString);
            var scripts = MigrationScript.For("Postgres").Where(script => script.Version <= version).ToList();
            await new PostgresMigrator(dataSource, NullLogger.Instance).MigrateAsync(scripts, Deadline.Token());
        }

        public override Task ExecuteAsync(string sql) => PostgresFixture.ExecuteAsync(_connectionString, sql);

        // An autovacuum worker busy on a database that just took many writes runs as the server's own superuser, which
        // FORCE may not terminate (42501); it is gone within moments, so the drop is tried again for a few seconds.
        public override async ValueTask DisposeAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PostgresFixture.ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 25)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }
            }
        }
    }
}
