using Npgsql;

namespace OrleansCsms.Testing;

/// <summary>A fresh PostgreSQL database for one host, dropped when disposed, so tests never share data by accident.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Server used by the tests; override with the CSMS_TEST_POSTGRES environment variable.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("CSMS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_test";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"csms_test_{Guid.NewGuid():N}"[..32];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
