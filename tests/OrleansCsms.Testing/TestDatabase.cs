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
        await DropAsync(_server, Name);
    }

    /// <summary>
    /// Drops a scratch database and whatever is still connected to it. An autovacuum worker busy on a database that
    /// just took many writes runs as the server's own superuser, which FORCE may not terminate (42501); it is gone
    /// within moments, so the drop is tried again for a few seconds before it fails.
    /// </summary>
    public static async Task DropAsync(string server, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 25)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
