using Npgsql;

namespace OrleansCsms.Testing;

/// <summary>A fresh PostgreSQL database for one host or cluster, dropped when disposed, so tests never share data by accident.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Server used by the tests; override with the CSMS_TEST_POSTGRES environment variable.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("CSMS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_test";

    private readonly string _server;

    private TestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Creates the database on <paramref name="server"/> (a connection string whose role may CREATE DATABASE), by
    /// default the shared test server.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        server ??= ServerConnectionString;
        var name = $"csms_test_{Guid.NewGuid():N}"[..32];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(server, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
