using Npgsql;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database for one test cluster, dropped (with FORCE) when disposed.</summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    /// <summary>The shared test server; override with the CSMS_TEST_POSTGRES environment variable.</summary>
    public static string SharedServer { get; } =
        Environment.GetEnvironmentVariable("CSMS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_test";

    private readonly string _server;

    private ClusterDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        // Several processes share the server's max_connections (100 by default).
        ProcessConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;
        // The test's own checks keep their pool out of the processes' way and give up quickly while the server restarts.
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = 4, Timeout = 5, CommandTimeout = 10 }.ConnectionString);
    }

    public string Name { get; }

    /// <summary>What the cluster's processes connect with.</summary>
    public string ProcessConnectionString { get; }

    /// <summary>For the test's own queries.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<ClusterDatabase> CreateAsync(string server)
    {
        var name = $"csms_cluster_{Guid.NewGuid():N}"[..32];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        return new ClusterDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
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
